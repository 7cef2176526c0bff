import { pgCode } from '../infra/database/pg-code.js';

/** Fields of database errors that hold what was sent or stored: the SQL, its parameters, row values. */
const NEVER_LOGGED = new Set(['query', 'parameters', 'driverError', 'detail', 'where', 'internalQuery']);

export interface SafeError {
  type: string;
  message: string;
  code?: string;
  stack?: string;
}

/**
 * An error as it may be logged: its class, message, SQLSTATE and stack, never the query, its parameters
 * or the row values PostgreSQL quotes back (a failed INSERT of a user carries the argon2 hash among its
 * parameters; a unique violation's `detail` carries the key). PostgreSQL's data-exception messages (class
 * 22, e.g. `invalid input syntax for type integer: "…"`) quote the offending value: that is redacted too.
 */
export function safeError(err: unknown): unknown {
  if (!(err instanceof Error)) return err;
  const e = err;
  const code = pgCode(err);
  const redact = (text: string) => (code?.startsWith('22') ? text.replace(/"[^"]*"/g, '"[redacted]"') : text);
  const out: SafeError = { type: e.constructor?.name ?? 'Error', message: redact(e.message) };
  if (code) out.code = code;
  if (e.stack) out.stack = redact(e.stack);
  for (const [key, value] of Object.entries(e)) {
    if (NEVER_LOGGED.has(key) || key in out || key === 'name') continue;
    if (['string', 'number', 'boolean'].includes(typeof value))
      (out as unknown as Record<string, unknown>)[key] = value;
  }
  return out;
}
