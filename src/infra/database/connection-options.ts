import pg from 'pg';
import type { AppConfig } from '../../config/config.js';

export type DatabaseSettings = AppConfig['database'];

/** How much longer than the server's statement_timeout the client waits before giving up on its own. */
const CLIENT_MARGIN_MS = 1_000;

function isReadTimeout(err: unknown): boolean {
  return err instanceof Error && err.message === 'Query read timeout';
}

/**
 * pg's client-side `query_timeout` answers the caller but leaves the statement running on the connection
 * (pg sends nothing to stop it), and inside a transaction the transaction open: returned to the pool, that
 * connection would run the next caller's statements behind the stuck one, or inside a transaction nobody
 * commits, once the server answers again. So a client whose query timed out is closed at once; the pool
 * drops it (it is no longer queryable) and the server rolls back what it was doing when it sees the socket
 * close. Errors from a dead server (refused, reset, terminated) already leave the client unqueryable.
 */
export class DiscardOnTimeoutClient extends pg.Client {
  // pg's query() has a dozen overloads (promise, callback, submittable); this only watches the outcome
  override query(...args: unknown[]): never {
    const last = args[args.length - 1];
    if (typeof last === 'function') {
      args[args.length - 1] = (err: unknown, result: unknown) => {
        if (isReadTimeout(err)) this.discard();
        (last as (e: unknown, r: unknown) => void)(err, result);
      };
    }
    const result = (super.query as (...a: unknown[]) => unknown)(...args);
    if (result instanceof Promise)
      result.catch((err: unknown) => {
        if (isReadTimeout(err)) this.discard();
      });
    return result as never;
  }

  private discard(): void {
    // the close is reported as an 'error' event; one nobody hears would end the process
    if (this.listenerCount('error') === 0) this.once('error', () => undefined);
    (this.connection as unknown as { stream: { destroy(): void } }).stream.destroy();
  }
}

/**
 * The request pool (TypeORM's `extra`, handed to pg.Pool): a connection attempt and the wait for a free
 * connection give up after DB_CONNECT_TIMEOUT_MS; each statement is cancelled by the server after
 * DB_STATEMENT_TIMEOUT_MS and abandoned by the client a second later, for a server that does not answer
 * at all (frozen, or a network that drops packets). Either way the caller gets an error the exception
 * filter turns into 503, soon, instead of a request that hangs.
 */
export function requestPoolOptions(db: DatabaseSettings): Record<string, unknown> {
  return {
    max: db.poolSize,
    // idle connections are kept (pg-pool closes those above `min` after 10 s idle): the pool is small, and a
    // new connection costs its authentication and the parse and plan of every hot statement again, which
    // was the paced claim's p99 after each quiet spell (bench/claim.bench.ts); PreparedStatements opens them
    min: db.poolSize,
    application_name: 'smartcrop',
    Client: DiscardOnTimeoutClient,
    connectionTimeoutMillis: db.connectTimeoutMs,
    statement_timeout: db.statementTimeoutMs,
    query_timeout: db.statementTimeoutMs + CLIENT_MARGIN_MS,
  };
}

/**
 * A job's dedicated connection (exports, COPY, the stamping transaction): the same connect timeout, but a
 * statement limit of its own (DB_JOB_STATEMENT_TIMEOUT_MS, 0 = none) that a 1M-row export fits easily.
 */
export function jobClientConfig(db: DatabaseSettings, name: string): pg.ClientConfig {
  const limit = db.jobStatementTimeoutMs;
  return {
    connectionString: db.url,
    application_name: name,
    connectionTimeoutMillis: db.connectTimeoutMs,
    ...(limit > 0 ? { statement_timeout: limit, query_timeout: limit + CLIENT_MARGIN_MS } : {}),
  };
}
