import { Injectable } from '@nestjs/common';
import { HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';
import { DataSource } from 'typeorm';
import { pingDatabase } from '../infra/database/ping.js';

/** A ping that has not come back by then counts as "the database does not answer". */
export const PING_TIMEOUT_MS = 1_000;

/** Resolves with `work`, or rejects once `ms` have passed (the work itself is left to finish or fail). */
export function within<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms);
  });
  work.catch(() => undefined); // settled late, after the deadline won: nobody waits for it
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}

/**
 * A ping through the request pool, bounded by PING_TIMEOUT_MS from the moment it is asked: waiting for
 * a free connection counts too, so readiness answers within about a second even when every pooled
 * connection is stuck on a frozen server (the ping's own query_timeout then discards its connection).
 */
@Injectable()
export class DatabaseHealthIndicator {
  constructor(
    private readonly db: DataSource,
    private readonly indicator: HealthIndicatorService,
  ) {}

  async check(): Promise<HealthIndicatorResult> {
    const probe = this.indicator.check('database');
    try {
      await within(pingDatabase(this.db, PING_TIMEOUT_MS), PING_TIMEOUT_MS, 'the database');
      return probe.up();
    } catch {
      return probe.down({ message: `the database did not answer within ${PING_TIMEOUT_MS} ms` });
    }
  }
}
