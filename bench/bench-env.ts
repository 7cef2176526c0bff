import { join } from 'node:path';

/** The signing secret of every benchmarked service, so a bench script can sign its own tokens. */
export const BENCH_JWT_SECRET = 'bench-secret-bench-secret-bench-secret-0123';

/**
 * The environment of a benchmarked service, in-process (bench-app.ts) or a child process
 * (service-process.ts): the database at `url`, storage, ingest root and exports under `dir`, no cron jobs.
 */
export function benchEnv(
  dir: string,
  url: string,
  extra: Record<string, string> = {},
): Record<string, string> {
  return {
    NODE_ENV: 'test',
    DATABASE_URL: url,
    LOG_LEVEL: 'silent',
    JWT_SECRET: BENCH_JWT_SECRET,
    ADMIN_EMAIL: 'admin@bench.local',
    ADMIN_PASSWORD: 'Bench-password-123',
    STORAGE_DIR: join(dir, 'storage'),
    INGEST_ROOT: join(dir, 'ingest'),
    EXPORT_LOCAL_DIR: join(dir, 'exports'),
    BATCHJOB_CRON: '',
    DUMPDATA_CRON: '',
    FILEWATCHER_CRON: '',
    ...extra,
  };
}
