/** What runs a statement: TypeORM's DataSource, EntityManager and QueryRunner all answer rows. */
export interface Queryable {
  query(sql: string, params?: unknown[]): Promise<unknown>;
}

/**
 * A statement's rows, their type said once at the call: `query<{ ok: boolean }>(runner, 'SELECT …')`.
 * TypeORM's query() answers `any`; this is the one place that trusts the SQL's column list to match
 * `Row`, so the rest of the code handles typed rows and the no-unsafe-* lint rules can hold.
 */
export async function query<Row>(on: Queryable, sql: string, params?: unknown[]): Promise<Row[]> {
  return (await on.query(sql, params)) as Row[];
}
