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

/** A pg client whose queries inside writeTogether share its socket's write. */
export class WriteTogetherClient extends Client {
  // pg's overloads are many; every call passes through unchanged.
  override query(...args: unknown[]): any {
    const socket = (this as unknown as { connection?: { stream?: Partial<Corkable> } }).connection?.stream;
    if (corked && socket?.cork && socket.uncork && !corked.has(socket as Corkable)) {
      socket.cork();
      corked.add(socket as Corkable);
    }
    return (Client.prototype.query as (...a: unknown[]) => unknown).apply(this, args);
  }
}
