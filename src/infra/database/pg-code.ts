/** The PostgreSQL error code (SQLSTATE) of a failed query (TypeORM keeps the driver's error beside its own). */
export function pgCode(err: unknown): string | undefined {
  const e = err as { code?: unknown; driverError?: { code?: unknown } } | undefined;
  const code = e?.driverError?.code ?? e?.code;
  return typeof code === 'string' ? code : undefined;
}
