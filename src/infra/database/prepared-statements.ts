import { Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { DataSource } from 'typeorm';

/** A statement prepared once per connection under its name: `name` must be unique to `text`. */
export interface NamedStatement {
  readonly name: string;
  readonly text: string;
}

/**
 * Runs the hot statements (claim, transition, the guard's user lookup) as named prepared statements
 * straight on TypeORM's pg pool. A connection parses and plans each one once, then only binds and
 * executes it; on the claim that halves the database time per request (bench/claim.bench.ts: the
 * statement is large and planning it cost as much as running it). Plans follow schema changes on their
 * own. Outside transactions only: a transaction goes through its EntityManager as usual.
 */
@Injectable()
export class PreparedStatements {
  private readonly pool: Pool;

  constructor(db: DataSource) {
    // TypeORM's postgres driver keeps its pg.Pool as `master` (untyped in TypeORM)
    this.pool = (db.driver as unknown as { master: Pool }).master;
  }

  async query<T>(statement: NamedStatement, values: unknown[]): Promise<T[]> {
    const result = await this.pool.query({ name: statement.name, text: statement.text, values });
    return result.rows as T[];
  }
}
