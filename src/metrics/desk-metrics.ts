import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

const STAGE: Record<number, string> = { 1: 'operator', 2: 'qa' };

/**
 * The process's own metrics registry and the desk's event counters. The services that claim, save,
 * move and expire images call the one-liners here where the change happens. Each process counts what it
 * did (with several API processes, Prometheus sums them); the database-wide numbers (queue depth, job
 * runs) are read at scrape time instead (MetricsCollector). One registry per application instance, not
 * prom-client's global one, so two apps in one process (the tests) never share or clash.
 */
@Injectable()
export class DeskMetrics {
  readonly registry = new Registry();

  readonly http = new Histogram({
    name: 'smartcrop_http_request_duration_seconds',
    help: 'API request duration by route template (unknown for unmatched paths) and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [this.registry],
  });

  private readonly claims = new Counter({
    name: 'smartcrop_images_claimed_total',
    help: 'Images locked by a claim (GetImageInfo, GetCroppedImageInfo), by stage',
    labelNames: ['stage'] as const,
    registers: [this.registry],
  });

  private readonly saves = new Counter({
    name: 'smartcrop_renditions_saved_total',
    help: 'Renditions written, by call (save: SaveCropedImages, qa_edit: UpdateCroppedImageInfo)',
    labelNames: ['via'] as const,
    registers: [this.registry],
  });

  private readonly transitions = new Counter({
    name: 'smartcrop_transitions_total',
    help: 'Images moved by a transition (operator_done, qa_approve, qa_send_back, reject, release)',
    labelNames: ['action'] as const,
    registers: [this.registry],
  });

  private readonly expiries = new Counter({
    name: 'smartcrop_lock_expiries_total',
    help: 'Idle locks returned to the queue by the lock sweep',
    registers: [this.registry],
  });

  constructor() {
    // process CPU, memory, GC, handles and event-loop lag (nodejs_eventloop_lag_*)
    collectDefaultMetrics({ register: this.registry });
  }

  claimed(n: number, stage: number): void {
    if (n > 0) this.claims.inc({ stage: STAGE[stage] ?? String(stage) }, n);
  }

  saved(n: number, via: 'save' | 'qa_edit' = 'save'): void {
    if (n > 0) this.saves.inc({ via }, n);
  }

  transitioned(action: string, n: number): void {
    if (n > 0) this.transitions.inc({ action }, n);
  }

  expired(n: number): void {
    if (n > 0) this.expiries.inc(n);
  }
}
