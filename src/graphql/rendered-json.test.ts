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

  it('refuses a body that does not hold each token once', () => {
    const parts = new RenderedParts();
    parts.add(path('a'), '1');
    const data = { a: {} };
    parts.place(data);
    expect(() => parts.splice('{"data":{}}')).toThrow(/each token once/);
  });
});
