import { getNamedType, isInputObjectType, isObjectType, type GraphQLSchema } from 'graphql';
import { STRING_LIMITS } from '../../src/graphql/input-limits';
import { buildGraphqlSchema } from '../../src/graphql/schema';

// Hooks build an app on a fresh database: on a busy 2-core machine that takes longer than jest's 5 s default.
jest.setTimeout(60_000);

/** The type of the input field (`Type.field`) or argument (`Type.field(arg:)`) a coordinate names, if any. */
function typeAt(schema: GraphQLSchema, coordinate: string): string | null {
  const argument = /^(\w+)\.(\w+)\((\w+):\)$/.exec(coordinate);
  if (argument) {
    const type = schema.getType(argument[1]!);
    const field = isObjectType(type) ? type.getFields()[argument[2]!] : undefined;
    const arg = field?.args.find((candidate) => candidate.name === argument[3]);
    return arg ? getNamedType(arg.type).name : null;
  }
  const [typeName, fieldName] = coordinate.split('.');
  const type = schema.getType(typeName!);
  const field = isInputObjectType(type) ? type.getFields()[fieldName!] : undefined;
  return field ? getNamedType(field.type).name : null;
}

describe('STRING_LIMITS (src/graphql/input-limits.ts)', () => {
  it('names only string inputs that exist in the schema: a renamed field must not silently fall back to the default', async () => {
    const schema = await buildGraphqlSchema();
    const stale = Object.keys(STRING_LIMITS).filter((coordinate) => typeAt(schema, coordinate) !== 'String');
    expect(stale).toEqual([]);
  });
});
