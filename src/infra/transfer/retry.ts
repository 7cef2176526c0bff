import { setTimeout as sleep } from 'node:timers/promises';
import { Logger } from '@nestjs/common';
import { TransferError } from './transfer.js';

export interface RetryPolicy {
  attempts: number;
  baseDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 4, baseDelayMs: 500 };

// Failures that another attempt cannot fix: a missing local file, refused credentials, a missing bucket.
const PERMANENT_CODES = new Set([
  'ENOENT',
  'EACCES',
  'EISDIR',
  'NoSuchBucket',
  'AccessDenied',
  'InvalidAccessKeyId',
]);

export function isTransient(err: unknown): boolean {
  const e = err as { code?: unknown; name?: unknown; $metadata?: { httpStatusCode?: number } };
  if (typeof e?.code === 'string' && PERMANENT_CODES.has(e.code)) return false;
  if (typeof e?.name === 'string' && PERMANENT_CODES.has(e.name)) return false;
  const status = e?.$metadata?.httpStatusCode;
  if (status !== undefined && status >= 400 && status < 500 && status !== 408 && status !== 429) return false;
  if (err instanceof Error && /authentication|permission denied/i.test(err.message)) return false;
  return true;
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message.replace(/\s+/g, ' ').slice(0, 300) : String(err);
}

/**
 * Runs `fn` until it succeeds, retrying transient failures with exponential backoff (base, 2×, 4× …).
 * When attempts are spent (or a failure is permanent) throws a TransferError naming what failed.
 */
export async function withRetry<T>(
  what: string,
  fn: (attempt: number) => Promise<T>,
  policy: RetryPolicy = DEFAULT_RETRY,
  logger = new Logger('Transfer'),
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (err) {
      const transient = isTransient(err);
      if (!transient || attempt >= policy.attempts) {
        const why = transient ? `failed after ${attempt} attempts` : 'failed';
        throw new TransferError(`${what} ${why}: ${describe(err)}`, { cause: err });
      }
      const delay = policy.baseDelayMs * 2 ** (attempt - 1);
      logger.warn({ attempt, delay, err: describe(err) }, `${what}: attempt ${attempt} failed, retrying`);
      await sleep(delay);
    }
  }
}
