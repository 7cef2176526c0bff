import { Injectable } from '@nestjs/common';
import { HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';
import { DataSource } from 'typeorm';
import { PING_TIMEOUT_MS, within } from './database.health.js';

@Injectable()
export class MigrationsHealthIndicator {
  constructor(
    private readonly dataSource: DataSource,
    private readonly indicator: HealthIndicatorService,
  ) {}

  async check(): Promise<HealthIndicatorResult> {
    const probe = this.indicator.check('migrations');
    try {
      // bounded like the ping, so a frozen database cannot hold readiness past ~1 s
      const pending = await within(this.dataSource.showMigrations(), PING_TIMEOUT_MS, 'the migrations table');
      return pending ? probe.down({ message: 'pending migrations' }) : probe.up();
    } catch {
      return probe.down({ message: 'cannot read the migrations table' });
    }
  }
}
