import { Client } from 'pg';

interface Corkable {
  cork(): void;
  uncork(): void;
}

/** The sockets corked by the writeTogether call in progress (null outside one). */
let corked: Set<Corkable> | null = null;

/**
 * Runs `issue`, which issues queries without awaiting them (pipeline mode), and writes what they put on
 * each connection's socket in one write: without it node-postgres writes every query on its own (one
 * system call each, and each one wakes the PostgreSQL backend to read it). The queries, their order
 * and their results are the same; only the writes are merged. The pool's clients must be
 * WriteTogetherClient (database.ts); a query issued outside `issue`, or on another client, is written
 * as usual.
 */
export function writeTogether<T>(issue: () => T): T {
  if (corked) return issue();
  const sockets = new Set<Corkable>();
  corked = sockets;
  try {
    return issue();
  } finally {
    corked = null;
    for (const socket of sockets) socket.uncork();
  }
}

/**
 * A COMMIT the client may hold back (begin-with-binding-dialect.ts sends it for read-only
 * transactions): it is written in front of the connection's next query, in the same write, or alone
 * once DEFERRED_COMMIT_MS have passed with no query. It is a plain COMMIT to any other client.
 */
export const DEFERRED_COMMIT = 'commit /* deferred: written with the next query */';
/** How long a held-back COMMIT waits for a next query (the read-only transaction stays open that long). */
export const DEFERRED_COMMIT_MS = 5;

const heldBack = { command: 'COMMIT', rowCount: null, rows: [], fields: [] };

type Query = (...args: unknown[]) => unknown;

/** A pg client whose queries inside writeTogether share its socket's write, and which can hold a COMMIT back. */
export class WriteTogetherClient extends Client {
  private commitTimer: NodeJS.Timeout | null = null;

  // pg's overloads are many; every call passes through unchanged.
  override query(...args: unknown[]): any {
    const query = Client.prototype.query as Query;
    if (args[0] === DEFERRED_COMMIT && args.length <= 2 && this.pipeline) {
      // Nothing to learn from a read-only transaction's COMMIT: its reads are already answered.
      this.commitTimer ??= setTimeout(() => this.writeHeldCommit(), DEFERRED_COMMIT_MS).unref();
      return Promise.resolve(heldBack);
    }
    if (this.commitTimer === null) {
      this.joinWrite();
      return query.apply(this, args);
    }
    // The held-back COMMIT goes first, in the same write: whatever follows never runs inside the
    // transaction it ends (nor with that transaction's tenant binding).
    return writeTogether(() => {
      this.joinWrite();
      this.writeHeldCommit();
      return query.apply(this, args);
    });
  }

  /** Inside writeTogether: cork this client's socket until the call ends. */
  private joinWrite(): void {
    const socket = (this as unknown as { connection?: { stream?: Partial<Corkable> } }).connection?.stream;
    if (corked && socket?.cork && socket.uncork && !corked.has(socket as Corkable)) {
      socket.cork();
      corked.add(socket as Corkable);
    }
  }

  private writeHeldCommit(): void {
    if (this.commitTimer === null) return;
    clearTimeout(this.commitTimer);
    this.commitTimer = null;
    // A read-only COMMIT fails only with its connection, and then so does whatever comes next.
    (Client.prototype.query as (text: string) => Promise<unknown>).call(this, 'commit').then(undefined, () => undefined);
  }
}
