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

/** Marks a parameterless statement whose result nobody reads, so BEGIN may travel with it. */
export const BINDING_STATEMENT_MARK = '/* binding */ ';

/**
 * Wraps the pg dialect so that a transaction's BEGIN is sent in the same round trip as its first
 * statement when that statement is a marked binding statement (withTenantTransaction's set_config).
 * node-postgres sends parameterless SQL through the simple protocol, which accepts several
 * statements in one message; PostgreSQL runs them in order and stops at the first error.
 * Every transaction saves one round trip (bench/RESULTS.md). Only marked statements are merged: a
 * multi-statement reply loses the rows of all but the last statement, and the binding's rows are
 * never read.
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

class DeferredBeginConnection implements DatabaseConnection {
  /** The BEGIN not yet sent, or null outside a transaction / once sent. */
  pendingBegin: string | null = null;

  constructor(private readonly inner: DatabaseConnection) {
    // The inner driver finds its own symbol-keyed methods (release, mark for discard) on the
    // connection it is handed: forward them, so commit, rollback and release can be delegated.
    for (const key of Object.getOwnPropertySymbols(Object.getPrototypeOf(inner))) {
      const method = (inner as unknown as Record<symbol, unknown>)[key];
      if (typeof method === 'function') (this as unknown as Record<symbol, unknown>)[key] = method.bind(inner);
    }
  }

  async executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
    const begin = this.pendingBegin;
    if (begin === null) return this.inner.executeQuery(compiled);
    this.pendingBegin = null;
    if (compiled.parameters.length === 0 && compiled.sql.startsWith(BINDING_STATEMENT_MARK)) {
      return this.inner.executeQuery(CompiledQuery.raw(`${begin}; ${compiled.sql}`));
    }
    await this.inner.executeQuery(CompiledQuery.raw(begin));
    return this.inner.executeQuery(compiled);
  }

  async *streamQuery<R>(compiled: CompiledQuery, chunkSize?: number): AsyncIterableIterator<QueryResult<R>> {
    const begin = this.pendingBegin;
    this.pendingBegin = null;
    if (begin !== null) await this.inner.executeQuery(CompiledQuery.raw(begin));
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
    (connection as DeferredBeginConnection).pendingBegin = beginStatement(settings);
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    if (this.dropPendingBegin(connection)) return;
    await this.inner.commitTransaction(connection);
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

  /** True when the transaction never reached the server (nothing to commit or roll back). */
  private dropPendingBegin(connection: DatabaseConnection): boolean {
    const deferred = connection as DeferredBeginConnection;
    const pending = deferred.pendingBegin !== null;
    deferred.pendingBegin = null;
    return pending;
  }
}
