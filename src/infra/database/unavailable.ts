/** Node socket errors: nothing listens, the peer went away, or the network did. */
const SOCKET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);

/**
 * SQLSTATEs that mean "the database cannot do any work now", not "this request is wrong": 08xxx
 * connection exceptions, 57P01-57P05 (shut down by an admin or a crash, starting up, idle session killed),
 * 57014 (a statement cancelled, here by statement_timeout), 53xxx (out of connections, memory or disk).
 */
const UNAVAILABLE_STATE = /^(08...|57P0[1-5]|57014|53...)$/;

/** What pg and pg-pool say when a server is unreachable, gone mid-query, or does not answer in time. */
const UNAVAILABLE_MESSAGE =
  /^(Connection terminated|timeout exceeded when trying to connect|Query read timeout|Client has encountered a connection error|Client was closed and is not queryable|Connection terminated due to connection timeout)/;

/**
 * True when an error (a TypeORM QueryFailedError, a pg or pg-pool error, a socket error, or one of those
 * as a `cause` / `driverError` / inside an AggregateError) means the database is away rather than that the
 * request was wrong: the caller should come back later (503), nobody has a bug to fix.
 */
export function isDatabaseUnavailable(err: unknown, depth = 0): boolean {
  if (!err || typeof err !== 'object' || depth > 4) return false;
  const e = err as {
    code?: unknown;
    message?: unknown;
    driverError?: unknown;
    cause?: unknown;
    errors?: unknown;
  };
  if (typeof e.code === 'string' && (SOCKET_CODES.has(e.code) || UNAVAILABLE_STATE.test(e.code))) return true;
  if (typeof e.message === 'string' && UNAVAILABLE_MESSAGE.test(e.message)) return true;
  const inner = [e.driverError, e.cause, ...(Array.isArray(e.errors) ? (e.errors as unknown[]) : [])];
  return inner.some((x) => x !== err && isDatabaseUnavailable(x, depth + 1));
}
