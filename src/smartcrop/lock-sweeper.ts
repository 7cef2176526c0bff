import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import type { AppConfig } from '../config/config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { DeskMetrics } from '../metrics/desk-metrics.js';
import { ClaimRepository } from './claim.repository.js';

export const LOCK_SWEEP_INTERVAL = 'image-lock-sweep';

/**
 * Every LOCK_SWEEP_SECONDS, locks idle for LOCK_TTL_MINUTES go back to the state before the lock
 * ('expire' audit rows). The claim query expires them too; the sweep makes sure the dashboard and
 * other providers' queues see them back without waiting for a claim. Safe in any number of processes:
 * the expiry statement skips rows another sweeper holds. Registered by name so tests can stop it and
 * call sweep() themselves.
 */
@Injectable()
export class LockSweeper implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(LockSweeper.name);
  private running = false;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly claims: ClaimRepository,
    private readonly scheduler: SchedulerRegistry,
    private readonly metrics: DeskMetrics,
  ) {}

  onApplicationBootstrap(): void {
    const seconds = this.config.workflow.lockSweepSeconds;
    // in a cluster, worker 1 sweeps for all (the statement is safe in many, but once is enough)
    if (seconds <= 0 || !this.config.backgroundJobs) return;
    const timer = setInterval(() => void this.tick(), seconds * 1000);
    timer.unref();
    this.scheduler.addInterval(LOCK_SWEEP_INTERVAL, timer);
  }

  onModuleDestroy(): void {
    if (this.scheduler.doesExist('interval', LOCK_SWEEP_INTERVAL))
      this.scheduler.deleteInterval(LOCK_SWEEP_INTERVAL);
  }

  private async tick(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      await this.sweep();
    } catch (err) {
      this.logger.warn({ err }, 'Lock sweep failed; retrying at the next interval');
    } finally {
      this.running = false;
    }
  }

  /** Expires every stale lock now; returns how many. */
  async sweep(): Promise<number> {
    let total = 0;
    for (;;) {
      const n = await this.claims.expire(this.config.workflow.lockTtlMinutes, 5000);
      total += n;
      if (n < 5000) break;
    }
    this.metrics.expired(total);
    if (total > 0) this.logger.log({ expired: total }, 'Expired idle image locks');
    return total;
  }
}
