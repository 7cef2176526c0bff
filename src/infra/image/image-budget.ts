import { Inject, Injectable, Logger } from '@nestjs/common';
import sharp from 'sharp';
import type { AppConfig } from '../../config/config.js';
import { APP_CONFIG } from '../../config/config.module.js';

// One libvips thread per operation, so the budget below counts cores: N operations use N cores. The
// operation cache keeps input buffers and results alive between requests; we never repeat an operation.
sharp.concurrency(1);
sharp.cache(false);

/**
 * The process's budget of image work: at most `IMAGE_CONCURRENCY` decodes/encodes run at once, the rest
 * wait their turn in arrival order. sharp runs on libuv's thread pool, which argon2 (logins) and DNS also
 * use; a budget below the pool's size (4 by default) leaves threads for them however many crops arrive.
 * One instance per process (a Nest singleton); anything that decodes an image runs it through `run`.
 */
@Injectable()
export class ImageBudget {
  private readonly logger = new Logger(ImageBudget.name);
  private readonly queue: (() => void)[] = [];
  private running = 0;
  private highWater = 0;
  private started = 0;
  readonly limit: number;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.limit = config.workflow.imageConcurrency;
    const pool = Number(process.env.UV_THREADPOOL_SIZE ?? 4);
    if (this.limit >= pool) {
      this.logger.warn(
        { imageConcurrency: this.limit, threadPool: pool },
        'IMAGE_CONCURRENCY fills the libuv thread pool: logins may wait behind image work (raise UV_THREADPOOL_SIZE)',
      );
    }
  }

  /** Runs `work` when a slot is free; the slot is released however `work` ends. */
  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.running >= this.limit) await new Promise<void>((resolve) => this.queue.push(resolve));
    else this.running++;
    this.highWater = Math.max(this.highWater, this.running);
    this.started++;
    try {
      return await work();
    } finally {
      const next = this.queue.shift();
      if (next) next();
      else this.running--;
    }
  }

  /** Operations running now, waiting now, the most that ever ran at once and how many started (for tests and benches). */
  stats(): { running: number; waiting: number; peak: number; started: number } {
    return { running: this.running, waiting: this.queue.length, peak: this.highWater, started: this.started };
  }
}
