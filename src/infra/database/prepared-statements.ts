import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import type { Pool, PoolClient } from 'pg';
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
 *
 * At boot it opens every connection of the pool (kept open, see requestPoolOptions) and runs each
 * statement registered with `warm()` once on each, so no request pays a new connection or a first
 * parse and plan.
 */
@Injectable()
export class PreparedStatements implements OnApplicationBootstrap {
  private readonly logger = new Logger(PreparedStatements.name);
  private readonly pool: Pool;
  private readonly warmUps: { statement: NamedStatement; values: unknown[] }[] = [];

  constructor(db: DataSource) {
    // TypeORM's postgres driver keeps its pg.Pool as `master` (untyped in TypeORM)
    this.pool = (db.driver as unknown as { master: Pool }).master;
  }

  /**
   * Prepares `statement` on every connection at boot by running it with `values`, which must make it
   * change and return nothing (e.g. an id no row has).
   */
  warm(statement: NamedStatement, values: unknown[]): void {
    this.warmUps.push({ statement, values });
  }

  async onApplicationBootstrap(): Promise<void> {
    const size = (this.pool.options as { max?: number }).max ?? 10;
    // holding them all at once makes the pool open `size` connections, and each statement run on each
    const held: PoolClient[] = [];
    try {
      for (let i = 0; i < size; i++) held.push(await this.pool.connect());
      await Promise.all(
        held.map(async (c) => {
          for (const { statement, values } of this.warmUps)
            await c.query({ name: statement.name, text: statement.text, values });
        }),
      );
    } catch (err) {
      // a slow first request is better than no service: the pool opens connections on demand as before
      this.logger.warn({ err }, 'Could not open and prepare the request pool at boot');
    } finally {
      for (const c of held) c.release();
    }
  }

  async query<T>(statement: NamedStatement, values: unknown[]): Promise<T[]> {
    const result = await this.pool.query({ name: statement.name, text: statement.text, values });
    return result.rows as T[];
  }
}
