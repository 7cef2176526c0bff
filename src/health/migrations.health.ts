import { Injectable } from '@nestjs/common';
import { HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';
import { DataSource } from 'typeorm';

@Injectable()
export class MigrationsHealthIndicator {
  constructor(
    private readonly dataSource: DataSource,
    private readonly indicator: HealthIndicatorService,
  ) {}

  async check(): Promise<HealthIndicatorResult> {
    const probe = this.indicator.check('migrations');
    try {
      const pending = await this.dataSource.showMigrations();
      return pending ? probe.down({ message: 'pending migrations' }) : probe.up();
    } catch {
      return probe.down({ message: 'cannot read the migrations table' });
    }
  }
}
