import {
  CompiledQuery,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type Kysely,
  type QueryCompiler,
  type QueryResult,
  type TransactionSettings,
} from 'kysely';
import { DEFERRED_COMMIT, writeTogether } from './write-together';

/** Marks a parameterless statement whose result nobody reads, so BEGIN may travel with it. */
export const BINDING_STATEMENT_MARK = '/* binding */ ';
/** A binding whose transaction runs exactly one statement: COMMIT travels with that statement too. */
export const ONE_STATEMENT_BINDING_MARK = `${BINDING_STATEMENT_MARK}/* one statement */ `;

/**
 * Wraps the pg dialect so that a transaction's BEGIN and its binding statement (withTenantTransaction's
 * set_config) reach PostgreSQL in the same round trip as its first real statement, and, for a
 * transaction marked as one statement, its COMMIT too.
 *
 * The pool's clients run in node-postgres's pipeline mode: a query is written as soon as it is
 * issued, without waiting for the one before it, and each still gets its own result. So BEGIN and
 * the binding (one simple-protocol message: both are parameterless) are issued, then the statement,
 * then COMMIT, and only then awaited. PostgreSQL runs them in order: if the binding fails, the
 * transaction is aborted and the statement behind it fails too, so no statement ever runs unbound.
 * Each message pipelined saves PostgreSQL and Node a write and a wake-up (bench/RESULTS.md). The
 * pool must be created with `pipeline: true` (database.ts).
 */
export class BeginWithBindingDialect implements Dialect {
  constructor(private readonly inner: Dialect) {}

  createAdapter() {
    return this.inner.createAdapter();
  }
  createDriver(): Driver {
    return new BeginWithBindingDriver(this.inner.createDriver());
  }
  createQueryCompiler() {
    return this.inner.createQueryCompiler();
  }
  createIntrospector(db: Kysely<any>) {
    return this.inner.createIntrospector(db);
  }
}

/** Thrown when a transaction marked as one statement tries a second: the first has committed. */
export class OneStatementTransactionError extends Error {
  constructor() {
    super('a one-statement transaction tried a second statement after its first had committed');
    this.name = 'OneStatementTransactionError';
  }
}

class DeferredBeginConnection implements DatabaseConnection {
  /** The BEGIN not yet sent, or null outside a transaction / once sent. */
  pendingBegin: string | null = null;
  /** The binding statement waiting to travel with the first real statement. */
  pendingBinding: string | null = null;
  /** The transaction committed with its one statement: COMMIT and ROLLBACK have nothing left to do. */
  ended = false;
  /** The transaction is READ ONLY: its COMMIT may travel with the connection's next query. */
  readOnly = false;

  constructor(private readonly inner: DatabaseConnection) {
    // The inner driver finds its own symbol-keyed methods (release, mark for discard) on the
    // connection it is handed: forward them, so commit, rollback and release can be delegated.
    for (const key of Object.getOwnPropertySymbols(Object.getPrototypeOf(inner))) {
      const method = (inner as unknown as Record<symbol, unknown>)[key];
      if (typeof method === 'function') (this as unknown as Record<symbol, unknown>)[key] = method.bind(inner);
    }
  }

  async executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
    if (this.ended) throw new OneStatementTransactionError();
    const begin = this.pendingBegin;
    if (begin === null) return this.inner.executeQuery(compiled);
    const isBinding = compiled.parameters.length === 0 && compiled.sql.startsWith(BINDING_STATEMENT_MARK);
    if (isBinding && this.pendingBinding === null) {
      this.pendingBinding = compiled.sql;
      return { rows: [] };
    }
    const binding = this.pendingBinding;
    const oneStatement = binding?.startsWith(ONE_STATEMENT_BINDING_MARK) ?? false;
    this.pendingBegin = null;
    this.pendingBinding = null;
    // Issued together (one socket write), awaited together.
    const sent = writeTogether(() => [
      this.inner.executeQuery(CompiledQuery.raw(binding === null ? begin : `${begin}; ${binding}`)),
      this.inner.executeQuery<R>(compiled),
      ...(oneStatement ? [this.inner.executeQuery(CompiledQuery.raw('commit'))] : []),
    ]);
    this.ended = oneStatement;
    const [opened, result, committed] = await Promise.allSettled(sent);
    if (opened!.status === 'rejected') throw opened!.reason;
    if (result!.status === 'rejected') throw result!.reason;
    if (committed?.status === 'rejected') throw committed.reason;
    // PostgreSQL completes COMMIT with a ROLLBACK tag when the transaction had failed.
    if (committed && (committed.value.rows[0] as { command?: string } | undefined)?.command === 'ROLLBACK') {
      throw new Error('the one-statement transaction was rolled back');
    }
    return result!.value as QueryResult<R>;
  }

  async *streamQuery<R>(compiled: CompiledQuery, chunkSize?: number): AsyncIterableIterator<QueryResult<R>> {
    const begin = this.pendingBegin;
    const binding = this.pendingBinding;
    this.pendingBegin = null;
    this.pendingBinding = null;
    if (begin !== null) await this.inner.executeQuery(CompiledQuery.raw(binding === null ? begin : `${begin}; ${binding}`));
    yield* this.inner.streamQuery<R>(compiled, chunkSize);
  }
}

function beginStatement(settings: TransactionSettings): string {
  const modes = [settings.isolationLevel ? `isolation level ${settings.isolationLevel}` : '', settings.accessMode ?? ''].filter(Boolean);
  return modes.length > 0 ? `start transaction ${modes.join(' ')}` : 'begin';
}

/**
 * BEGIN is only remembered; the connection sends it with the next statement. COMMIT and ROLLBACK
 * of a transaction that sent nothing are dropped; otherwise the inner driver does everything, on
 * the wrapping connection (so Kysely's query log still sees COMMIT and ROLLBACK).
 */
class BeginWithBindingDriver implements Driver {
  // One wrapper per pooled connection: Kysely keeps every connection object it is handed.
  private readonly wrappers = new WeakMap<DatabaseConnection, DeferredBeginConnection>();

  constructor(private readonly inner: Driver) {}

  init(): Promise<void> {
    return this.inner.init();
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    const connection = await this.inner.acquireConnection();
    let wrapper = this.wrappers.get(connection);
    if (!wrapper) this.wrappers.set(connection, (wrapper = new DeferredBeginConnection(connection)));
    return wrapper;
  }

  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    const deferred = connection as DeferredBeginConnection;
    deferred.pendingBegin = beginStatement(settings);
    deferred.readOnly = settings.accessMode === 'read only';
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    const { readOnly } = connection as DeferredBeginConnection;
    if (this.dropPendingBegin(connection)) return;
    // PostgreSQL refused every write of a READ ONLY transaction, so its COMMIT can only end it: the
    // pooled client writes it in front of the connection's next query (write-together.ts), which saves
    // both processes a write and a wake-up per read-only transaction.
    if (readOnly) await connection.executeQuery(CompiledQuery.raw(DEFERRED_COMMIT));
    else await this.inner.commitTransaction(connection);
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    if (this.dropPendingBegin(connection)) return;
    await this.inner.rollbackTransaction(connection);
  }

  async savepoint(connection: DatabaseConnection, name: string, compile: QueryCompiler['compileQuery']): Promise<void> {
    await this.inner.savepoint!(connection, name, compile);
  }

  async rollbackToSavepoint(connection: DatabaseConnection, name: string, compile: QueryCompiler['compileQuery']): Promise<void> {
    await this.inner.rollbackToSavepoint!(connection, name, compile);
  }

  async releaseSavepoint(connection: DatabaseConnection, name: string, compile: QueryCompiler['compileQuery']): Promise<void> {
    await this.inner.releaseSavepoint!(connection, name, compile);
  }

  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    this.dropPendingBegin(connection);
    await this.inner.releaseConnection(connection);
  }

  destroy(): Promise<void> {
    return this.inner.destroy();
  }

  /**
   * True when the transaction has nothing to commit or roll back on the server: it never reached
   * it, or it committed with its one statement.
   */
  private dropPendingBegin(connection: DatabaseConnection): boolean {
    const deferred = connection as DeferredBeginConnection;
    const nothingLeft = deferred.pendingBegin !== null || deferred.ended;
    deferred.pendingBegin = null;
    deferred.pendingBinding = null;
    deferred.ended = false;
    deferred.readOnly = false;
    return nothingLeft;
  }
}
