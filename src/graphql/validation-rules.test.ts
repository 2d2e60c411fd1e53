import 'reflect-metadata';
import { getIntrospectionQuery, Kind, parse, type OperationDefinitionNode } from 'graphql';
import { LIMITS, measureOperation } from './validation-rules';

function measureText(query: string, variables: Record<string, unknown> = {}) {
  const document = parse(query);
  const operation = document.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)!;
  return measureOperation(document, operation, variables);
}

describe('measureOperation', () => {
  it("passes GraphiQL's standard introspection query, measured apart from data depth", () => {
    for (const options of [{}, { inputValueDeprecation: true, schemaDescription: true }]) {
      const measured = measureText(getIntrospectionQuery(options));
      expect(measured.depth).toBe(0);
      expect(measured.introspectionDepth).toBeGreaterThan(LIMITS.maxDepth);
      expect(measured.introspectionDepth).toBeLessThanOrEqual(LIMITS.maxIntrospectionDepth);
      expect(measured.aliases).toBe(0);
      expect(measured.cost).toBeLessThan(LIMITS.maxCost);
    }
  });

  it('still counts the data fields of a query that also introspects', () => {
    const deep = '{ __schema { types { name } } leads { edges { node { conversation { leads { edges { node { conversation { id } } } } } } } } }';
    const measured = measureText(deep);
    expect(measured.depth).toBe(9);
    expect(measured.introspectionDepth).toBe(3);
    const viaFragment = measureText('query { ...F __type(name: "Lead") { name } } fragment F on Query { leads(first: 100) { edges { node { id } } } }');
    expect(viaFragment.depth).toBe(4);
    expect(viaFragment.cost).toBe(1 + 100 * 3 + 2);
  });

  it('counts aliases inside introspection', () => {
    const fields = Array.from({ length: 31 }, (_, i) => `a${i}: __schema { queryType { name } }`).join(' ');
    expect(measureText(`{ ${fields} }`).aliases).toBe(31);
  });
});
