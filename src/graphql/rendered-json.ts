import { randomUUID } from 'node:crypto';
import type { GraphQLResolveInfo } from 'graphql';

type Path = GraphQLResolveInfo['path'];

/**
 * Parts of one response that PostgreSQL wrote as JSON text (e.g. a messages page,
 * messages/message-page-rendering.ts), spliced into the response body instead of being parsed into
 * objects, resolved field by field and written out again (issue #14: most of an inbox request's CPU).
 *
 * A resolver that has a part's text adds it with its response path and returns a cheap stand-in; once
 * the operation's result is complete, `place` puts a token at each path (an object whose JSON is a
 * string unique to this request), and `splice` swaps each token's JSON string in the body for the
 * part's text. Only compiled tenant queries use it (compiled-queries.plugin.ts), and only parts whose
 * text is the JSON graphql-js would have written for that selection.
 */
export class RenderedParts {
  private readonly texts: string[] = [];
  private readonly paths: (string | number)[][] = [];
  // Made when the first part is placed: most compiled queries have none.
  private prefix = '';

  add(path: Path, json: string): void {
    const keys: (string | number)[] = [];
    for (let at: Path | undefined = path; at; at = at.prev) keys.push(at.key);
    this.paths.push(keys.reverse());
    this.texts.push(json);
  }

  get size(): number {
    return this.texts.length;
  }

  /** Puts each part's token at its path in `data`; false when a path is not there (the caller then runs without parts). */
  place(data: unknown): boolean {
    if (this.paths.length > 0 && !this.prefix) this.prefix = `netia-rendered:${randomUUID()}:`;
    for (let i = 0; i < this.paths.length; i++) {
      const keys = this.paths[i]!;
      let parent = data as Record<string | number, unknown> | null;
      for (let k = 0; k < keys.length - 1 && parent; k++) parent = parent[keys[k]!] as Record<string | number, unknown> | null;
      const last = keys[keys.length - 1]!;
      if (!parent || typeof parent !== 'object' || !(last in parent)) return false;
      const token = `${this.prefix}${i}`;
      parent[last] = { toJSON: () => token };
    }
    return true;
  }

  /**
   * The body with each placed token's JSON string replaced by its part's text. A body without any token
   * (an error answered after the result was placed) is returned as it is.
   */
  splice(body: string): string {
    if (!this.prefix) return body;
    const pieces = body.split(`"${this.prefix}`);
    if (pieces.length === 1) return body;
    if (pieces.length !== this.texts.length + 1) throw new Error('rendered parts: the body does not hold each token once');
    let out = pieces[0]!;
    for (let i = 1; i < pieces.length; i++) {
      const piece = pieces[i]!;
      const end = piece.indexOf('"');
      out += this.texts[Number(piece.slice(0, end))]! + piece.slice(end + 1);
    }
    return out;
  }
}
