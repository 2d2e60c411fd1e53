import { buildSchema, graphql, type GraphQLResolveInfo } from 'graphql';
import { selectsField } from './selection';

const schema = buildSchema(`
  type Page { totalCount: Int, pageInfo: Boolean, edges: [Int] }
  type Item { page: Page }
  type Query { items: [Item] }
`);

/** What selectsField answered for `totalCount` and `pageInfo` in each item's `page` field. */
async function answers(query: string): Promise<string[]> {
  const seen: string[] = [];
  const page = (_: unknown, __: unknown, ___: unknown, info: GraphQLResolveInfo) => {
    seen.push(`${selectsField(info, 'totalCount')}/${selectsField(info, 'pageInfo')}`);
    return {};
  };
  const result = await graphql({
    schema,
    source: query,
    rootValue: { items: [{}, {}, {}] },
    fieldResolver: (source, args, context, info) => (info.fieldName === 'page' ? page(source, args, context, info) : (source as Record<string, unknown>)[info.fieldName]),
  });
  expect(result.errors).toBeUndefined();
  return seen;
}

describe('selectsField', () => {
  it('answers for each field node and path of its own, for every item of a list', async () => {
    expect(await answers('{ items { page { totalCount } } }')).toEqual(['true/false', 'true/false', 'true/false']);
    expect(await answers('{ items { page { pageInfo } } }')).toEqual(['false/true', 'false/true', 'false/true']);
    expect(await answers('{ items { page { ...P } } } fragment P on Page { totalCount pageInfo }')).toEqual(['true/true', 'true/true', 'true/true']);
    expect(await answers('{ items { a: page { edges } b: page { totalCount } } }')).toEqual(['false/false', 'true/false', 'false/false', 'true/false', 'false/false', 'true/false']);
  });
});
