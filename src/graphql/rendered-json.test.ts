import type { GraphQLResolveInfo } from 'graphql';
import { RenderedParts } from './rendered-json';

type Path = GraphQLResolveInfo['path'];
const path = (...keys: (string | number)[]): Path =>
  keys.reduce<Path | undefined>((prev, key) => ({ prev, key, typename: undefined }), undefined)!;

describe('RenderedParts', () => {
  it('puts each text at its path of the body, whatever the other values hold', () => {
    const parts = new RenderedParts();
    parts.add(path('conversations', 'edges', 0, 'node', 'messages'), '{"edges":[{"node":{"content":"a \\"quoted\\" $& text"}}]}');
    parts.add(path('conversations', 'edges', 1, 'node', 'm'), '{"edges":[]}');
    const data = {
      conversations: { edges: [{ node: { id: '1', messages: { edges: [] } } }, { node: { id: '2', m: { edges: [] } } }] },
      other: 'netia-rendered: looks like a token but is not one',
    };
    expect(parts.place(data)).toBe(true);
    const body = parts.splice(JSON.stringify({ data }));
    expect(JSON.parse(body)).toEqual({
      data: {
        conversations: {
          edges: [
            { node: { id: '1', messages: { edges: [{ node: { content: 'a "quoted" $& text' } }] } } },
            { node: { id: '2', m: { edges: [] } } },
          ],
        },
        other: 'netia-rendered: looks like a token but is not one',
      },
    });
  });

  it('says so when a path is not in the result', () => {
    const parts = new RenderedParts();
    parts.add(path('conversation', 'messages'), '{"edges":[]}');
    expect(parts.place({ conversation: null })).toBe(false);
    expect(parts.place({ conversation: { other: 1 } })).toBe(false);
  });

  it('passes a body without tokens, and refuses one that holds only some', () => {
    const parts = new RenderedParts();
    parts.add(path('a'), '1');
    parts.add(path('b'), '2');
    const data = { a: {}, b: {} };
    parts.place(data);
    const errors = '{"errors":[{"message":"refused"}]}';
    expect(parts.splice(errors)).toBe(errors);
    const placed = JSON.stringify({ data });
    expect(parts.splice(placed)).toBe('{"data":{"a":1,"b":2}}');
    expect(() => parts.splice(JSON.stringify({ data: { a: data.a } }))).toThrow(/each token once/);
  });
});
