import fs from 'node:fs';
import path from 'node:path';
import { Kind, parse, validate, type DefinitionNode, type GraphQLSchema } from 'graphql';
import { buildGraphqlSchema } from '../../src/graphql/schema';

const README = fs.readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf8');

/**
 * Every GraphQL operation the README shows: ```graphql blocks, the queries inside its curl commands
 * (JSON bodies and ?query= URLs), and inline `query { … }` / `mutation { … }` spans.
 */
function readmeOperations(): { where: string; text: string }[] {
  const found: { where: string; text: string }[] = [];
  for (const [, block] of README.matchAll(/```graphql\n([\s\S]*?)```/g)) found.push({ where: 'graphql block', text: block! });
  for (const [, bash] of README.matchAll(/```bash\n([\s\S]*?)```/g)) {
    for (const [, literal] of bash!.matchAll(/"query":("(?:[^"\\]|\\.)*")/g)) found.push({ where: 'curl body', text: JSON.parse(literal!) as string });
    for (const [, encoded] of bash!.matchAll(/\?query=([^'"\s]+)/g)) found.push({ where: 'curl URL', text: decodeURIComponent(encoded!) });
  }
  for (const [, span] of README.matchAll(/`((?:query|mutation) \{[^`]*\})`/g)) found.push({ where: 'inline', text: span! });
  return found;
}

describe('the README API examples', () => {
  let schema: GraphQLSchema;
  beforeAll(async () => {
    schema = await buildGraphqlSchema();
  });

  it('are found (so this test checks something)', () => {
    const operations = readmeOperations();
    expect(operations.filter((operation) => operation.where === 'graphql block').length).toBeGreaterThanOrEqual(2);
    expect(operations.filter((operation) => operation.where === 'curl body').length).toBeGreaterThanOrEqual(2);
    expect(operations.some((operation) => operation.where === 'curl URL')).toBe(true);
    expect(operations.some((operation) => operation.where === 'inline')).toBe(true);
  });

  it.each(readmeOperations().map((operation) => [operation.where, operation.text.trim().slice(0, 60), operation.text] as const))(
    'validate against the schema: %s %s',
    (_where, _start, text) => {
      const document = parse(text);
      // A block may hold several anonymous operations, each meant to be sent on its own.
      for (const definition of document.definitions.filter((node) => node.kind === Kind.OPERATION_DEFINITION)) {
        const single = { ...document, definitions: [definition as DefinitionNode, ...document.definitions.filter((node) => node.kind === Kind.FRAGMENT_DEFINITION)] };
        expect(validate(schema, single).map((error) => error.message)).toEqual([]);
      }
    },
  );
});
