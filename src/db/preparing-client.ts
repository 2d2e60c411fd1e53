import { createHash } from 'node:crypto';
import { WriteTogetherClient } from './write-together';

/** Distinct statements one connection keeps prepared; later ones run unnamed (bounded server memory). */
const MAX_PREPARED_PER_CONNECTION = 500;

const names = new Map<string, string>();

function statementName(text: string): string {
  let name = names.get(text);
  if (name === undefined) {
    if (names.size >= 10_000) names.clear();
    name = `netia_${createHash('sha1').update(text).digest('hex')}`;
    names.set(text, name);
  }
  return name;
}

/**
 * A pg client that sends every parameterised statement as a named prepared statement: PostgreSQL
 * parses and plans it once per connection and then only binds and executes it, which on the 2-core
 * bench machine is CPU both processes share (bench/RESULTS.md). Safe with RLS: plans are cached per
 * role and the tenant binding is read at execution time. Turn it off (PG_PREPARED_STATEMENTS=false)
 * behind a transaction-pooling PgBouncer older than 1.21, which cannot keep prepared statements.
 * PostgreSQL re-plans a prepared statement after DDL by itself, but refuses one whose result columns
 * changed type ("cached plan must not change result type"): after such a migration, restart the
 * servers that were running before it.
 */
export class PreparingClient extends WriteTogetherClient {
  private readonly prepared = new Set<string>();

  // pg's overloads are many; only (text, values) calls are rewritten, everything else passes through.
  override query(...args: unknown[]): any {
    const [text, values] = args;
    if (args.length === 2 && typeof text === 'string' && Array.isArray(values) && values.length > 0) {
      const name = statementName(text);
      if (this.prepared.has(name) || this.prepared.size < MAX_PREPARED_PER_CONNECTION) {
        this.prepared.add(name);
        return super.query({ name, text, values });
      }
    }
    return super.query(...args);
  }
}
