import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { EnvSchema } from './env.schema.js';
import {
  ConfigError,
  parseFetchAllow,
  parsePrefixes,
  parseS3Sources,
  parseSftpProxy,
  parseTrustProxy,
  resolveSecrets,
  type ProviderReader,
  type SocksProxySettings,
} from './env-values.js';

export { ConfigError, parseSftpProxy, type ProviderReader, type SocksProxySettings };

export type ExportTarget = 'folder' | 's3' | 'sftp';

export interface S3Settings {
  bucket: string;
  prefix: string;
  region: string;
  endpoint?: string;
  accessKeyId?: string;
  secretAccessKey?: string;
  forcePathStyle: boolean;
}

export interface SftpSettings {
  host: string;
  port: number;
  username: string;
  password?: string;
  privateKey?: string;
  inputDir: string;
  outputDir: string;
  auditDir: string;
  /** SFTP_PROXY, parsed: every connection is tunnelled through this SOCKS proxy. */
  proxy?: SocksProxySettings;
}

/** The typed, validated configuration. Built once at boot by loadConfig(). */
export interface AppConfig {
  env: 'development' | 'production' | 'test';
  port: number;
  host: string;
  /** HTTP worker processes (node:cluster) over the one database; 1 = this process serves. */
  webConcurrency: number;
  /** This process runs the lock sweeper and the cron jobs (off in every cluster worker but the first). */
  backgroundJobs: boolean;
  /** The separate /metrics listener; undefined port = off. */
  metrics: { port?: number; host: string };
  logLevel: string;
  bodyLimit: string;
  /** Express `trust proxy`: whose X-Forwarded-For names the client (login throttling keys on it). */
  trustProxy: boolean | number | string[];
  database: {
    url?: string;
    embeddedDir: string;
    embeddedPort: number;
    poolSize: number;
    /** Connecting, and waiting for a pooled connection, give up after this (then 503). */
    connectTimeoutMs: number;
    /** Request work: the server cancels a statement after this; the client gives up a little later. */
    statementTimeoutMs: number;
    /** The jobs' dedicated connections (exports, COPY): their own, longer limit; 0 = none. */
    jobStatementTimeoutMs: number;
  };
  auth: {
    jwtSecret?: string;
    jwtExpiresIn: string;
    adminEmail?: string;
    adminPassword?: string;
    loginThrottleLimit: number;
    loginThrottleWindowSeconds: number;
    /** Failures from one address across all e-mails before it gets 429 (higher: a desk shares one NAT). */
    loginThrottleAddressLimit: number;
    /** Per failure of an e-mail (from anywhere) past the limit, each sign-in for it waits this much more. */
    loginThrottleDelayMs: number;
    /** How long the guard may reuse a user row it read (0: read on every request). */
    userCacheSeconds: number;
  };
  storage: { dir: string; s3?: S3Settings; publicBaseUrl: string };
  cdn: { originBaseUrl?: string; rewriteBaseUrl?: string };
  sftp?: SftpSettings;
  filewatcher: {
    ingestRoot: string;
    stagingDir: string;
    prefixes: { prefix: string; reader: ProviderReader }[];
    s3Sources: { bucket: string; prefix: string }[];
    cron: string;
    tmdbImageBaseUrl: string;
    rightsNameDefault: string;
    imageNotesDefault: string;
    maxFileBytes: number;
    maxRows: number;
    /** What a manifest's zip may inflate to, in all and per part but a worksheet (counted while inflating). */
    maxInflatedBytes: number;
    maxInflatedPartBytes: number;
  };
  exports: {
    batchCron: string;
    dumpCron: string;
    target: ExportTarget;
    dir: string;
    s3Bucket?: string;
    s3Prefix: string;
    localDir: string;
  };
  workflow: {
    lockTtlMinutes: number;
    lockBatchMax: number;
    lockSweepSeconds: number;
    maxCropBytes: number;
    sourceFetchMaxBytes: number;
    sourceFetchTimeoutMs: number;
    /** FETCH_ALLOW_HOSTS, parsed: names matched on the URL's host, ranges on the resolved address. */
    fetchAllow: { hosts: string[]; cidrs: string[] };
    /** Largest width x height decoded; larger is refused from the header. */
    maxImagePixels: number;
    /** Decodes and encodes running at once in this process; the rest wait. */
    imageConcurrency: number;
    /** Bytes of memory request bodies in flight may take (weighed before they are read); the rest wait. */
    uploadMemoryBudget: number;
    /** How long a body waits for that memory before it is refused with 503. */
    uploadQueueTimeoutMs: number;
  };
  analysis: {
    /** `api` serves HTTP only, `worker` analyses images only, `all` (default) does both. */
    role: 'api' | 'worker' | 'all';
    /** Images analysed at once by this process's worker (0 = none, whatever the role). */
    concurrency: number;
    /**
     * With role `all`: `separate` (default) analyses in a process of its own beside the HTTP worker(s),
     * `inline` in the HTTP process (worker 1 of a cluster).
     */
    process: 'separate' | 'inline';
    /** The nice value (0–19) of that separate process: claims and saves win the cores when both want them. */
    nice: number;
    /** Attempts at a transient failure before it is recorded as permanent. */
    maxAttempts: number;
    /** How often an idle worker looks for due work. */
    pollMs: number;
    /**
     * The share (1–100%) of the time each slot works: after an image that took t ms it rests
     * t × (100 − share) / share ms. Default 50 where analysis shares a machine with HTTP (role `all`, and
     * so its separate process), 100 for a dedicated `worker`.
     */
    cpuShare: number;
    /** A rendition below its aspect ratio's minimum size: `warn` saves it with a warning, `refuse` is 400. */
    resolutionGuard: 'warn' | 'refuse';
  };
}

type Env = EnvSchema;

/**
 * Validates the environment and returns the typed configuration.
 * Throws ConfigError with one line naming the first bad variable.
 */
export function loadConfig(rawEnv: Record<string, string | undefined> = process.env): AppConfig {
  const e = validatedEnv(rawEnv);
  const nodeEnv = (e.NODE_ENV ?? 'development') as AppConfig['env'];
  const dataDir = resolve('.data');
  const port = e.PORT ?? 3000;
  const s3 = s3Settings(e);
  const sftp = sftpSettings(e);
  const exportTarget = exportTargetOf(e, sftp, s3);
  requireProductionSettings(e, nodeEnv);
  requireOneAnalysisProcess(e);
  return {
    env: nodeEnv,
    port,
    host: e.HOST ?? '0.0.0.0',
    // every core in production; one process where the embedded database and a developer share the machine
    webConcurrency:
      e.WEB_CONCURRENCY ??
      (nodeEnv === 'production' && e.PROCESS_ROLE !== 'worker' ? availableParallelism() : 1),
    backgroundJobs: (e.BACKGROUND_JOBS ?? 'true') === 'true',
    metrics: { port: e.METRICS_PORT, host: e.METRICS_HOST ?? '127.0.0.1' },
    logLevel: e.LOG_LEVEL ?? 'info',
    bodyLimit: e.BODY_LIMIT ?? '25mb',
    trustProxy: parseTrustProxy(e.TRUST_PROXY),
    database: databaseSettings(e, dataDir),
    auth: authSettings(e),
    storage: {
      dir: resolve(e.STORAGE_DIR ?? `${dataDir}/storage`),
      s3,
      publicBaseUrl: (e.PUBLIC_BASE_URL ?? `http://localhost:${port}`).replace(/\/$/, ''),
    },
    cdn: { originBaseUrl: e.CDN_ORIGIN_BASE_URL, rewriteBaseUrl: e.CDN_REWRITE_BASE_URL },
    sftp,
    filewatcher: filewatcherSettings(e, dataDir),
    exports: exportSettings(e, exportTarget, s3, dataDir),
    workflow: workflowSettings(e),
    analysis: analysisSettings(e),
  };
}

/** The secrets resolved and every variable checked against the schema; the first error stops the boot. */
function validatedEnv(rawEnv: Record<string, string | undefined>): Env {
  const env = resolveSecrets(rawEnv);
  const parsed = plainToInstance(EnvSchema, env, { enableImplicitConversion: false });
  const errors = validateSync(parsed, { skipMissingProperties: false, whitelist: false });
  if (errors.length > 0) {
    const first = errors[0];
    const why = Object.values(first.constraints ?? { invalid: 'is invalid' })
      .map((m) => m.replace(new RegExp(`^${first.property}\\s*`), ''))
      .join('; ');
    throw new ConfigError(`${first.property}: ${why}`);
  }
  return parsed;
}

function s3Settings(e: Env): S3Settings | undefined {
  if (!e.S3_BUCKET) return undefined;
  return {
    bucket: e.S3_BUCKET,
    prefix: e.S3_PREFIX ?? '',
    region: e.S3_REGION ?? 'us-east-1',
    endpoint: e.S3_ENDPOINT,
    accessKeyId: e.S3_ACCESS_KEY_ID,
    secretAccessKey: e.S3_SECRET_ACCESS_KEY,
    forcePathStyle: (e.S3_FORCE_PATH_STYLE ?? (e.S3_ENDPOINT ? 'true' : 'false')) === 'true',
  };
}

function sftpSettings(e: Env): SftpSettings | undefined {
  if (!e.SFTP_HOST) return undefined;
  if (!e.SFTP_USERNAME) throw new ConfigError('SFTP_USERNAME: is required when SFTP_HOST is set');
  if (!e.SFTP_PASSWORD && !e.SFTP_PRIVATE_KEY) {
    throw new ConfigError(
      'SFTP_PASSWORD: SFTP_PASSWORD or SFTP_PRIVATE_KEY is required when SFTP_HOST is set',
    );
  }
  return {
    host: e.SFTP_HOST,
    port: e.SFTP_PORT ?? 22,
    username: e.SFTP_USERNAME,
    password: e.SFTP_PASSWORD,
    privateKey: e.SFTP_PRIVATE_KEY,
    inputDir: e.SFTP_INPUT_DIR ?? '/incoming',
    outputDir: e.SFTP_OUTPUT_DIR ?? '/outgoing',
    auditDir: e.SFTP_AUDIT_DIR ?? '/audit',
    proxy: parseSftpProxy(e.SFTP_PROXY),
  };
}

/** EXPORT_TARGET, or the first of sftp › s3 › folder that is configured; a target must be configured. */
function exportTargetOf(e: Env, sftp: SftpSettings | undefined, s3: S3Settings | undefined): ExportTarget {
  const target = (e.EXPORT_TARGET ?? (sftp ? 'sftp' : s3 ? 's3' : 'folder')) as ExportTarget;
  if (target === 'sftp' && !sftp) throw new ConfigError('EXPORT_TARGET: is sftp but SFTP_HOST is not set');
  if (target === 's3' && !(e.EXPORT_S3_BUCKET ?? s3?.bucket)) {
    throw new ConfigError('EXPORT_S3_BUCKET: is required when EXPORT_TARGET is s3');
  }
  return target;
}

/** Production runs on given secrets and a real database, never on generated ones or the embedded server. */
function requireProductionSettings(e: Env, nodeEnv: AppConfig['env']): void {
  if (nodeEnv !== 'production') return;
  if (!e.JWT_SECRET) throw new ConfigError('JWT_SECRET: is required when NODE_ENV=production');
  if (!e.ADMIN_EMAIL || !e.ADMIN_PASSWORD) {
    throw new ConfigError(
      'ADMIN_EMAIL: ADMIN_EMAIL and ADMIN_PASSWORD are required when NODE_ENV=production',
    );
  }
  if (!e.DATABASE_URL) {
    throw new ConfigError(
      'DATABASE_URL: is required when NODE_ENV=production (no embedded database in production)',
    );
  }
}

function databaseSettings(e: Env, dataDir: string): AppConfig['database'] {
  return {
    url: e.DATABASE_URL,
    embeddedDir: resolve(e.EMBEDDED_PG_DIR ?? `${dataDir}/pg`),
    embeddedPort: e.EMBEDDED_PG_PORT ?? 0,
    poolSize: e.DB_POOL_SIZE ?? 16,
    connectTimeoutMs: e.DB_CONNECT_TIMEOUT_MS ?? 5_000,
    statementTimeoutMs: e.DB_STATEMENT_TIMEOUT_MS ?? 15_000,
    jobStatementTimeoutMs: e.DB_JOB_STATEMENT_TIMEOUT_MS ?? 1_800_000,
  };
}

function authSettings(e: Env): AppConfig['auth'] {
  return {
    jwtSecret: e.JWT_SECRET,
    jwtExpiresIn: e.JWT_EXPIRES_IN ?? '8h',
    adminEmail: e.ADMIN_EMAIL,
    adminPassword: e.ADMIN_PASSWORD,
    loginThrottleLimit: e.LOGIN_THROTTLE_LIMIT ?? 10,
    loginThrottleWindowSeconds: e.LOGIN_THROTTLE_WINDOW_SECONDS ?? 60,
    loginThrottleAddressLimit: e.LOGIN_THROTTLE_ADDRESS_LIMIT ?? 50,
    loginThrottleDelayMs: e.LOGIN_THROTTLE_DELAY_MS ?? 500,
    userCacheSeconds: e.USER_CACHE_SECONDS ?? 30,
  };
}

function filewatcherSettings(e: Env, dataDir: string): AppConfig['filewatcher'] {
  const ingestRoot = resolve(e.INGEST_ROOT ?? `${dataDir}/ingest`);
  return {
    ingestRoot,
    stagingDir: resolve(e.INGEST_STAGING_DIR ?? `${ingestRoot}/staging`),
    prefixes: parsePrefixes(e.FILEWATCHER_PREFIXES ?? 'PS_=pressSite,TMDB_=tmdb,SLING_=sling,EMAIL_=email'),
    s3Sources: parseS3Sources(e.FILEWATCHER_S3_SOURCES ?? ''),
    cron: e.FILEWATCHER_CRON ?? '',
    tmdbImageBaseUrl: (e.TMDB_IMAGE_BASE_URL ?? 'https://image.tmdb.org/t/p/original').replace(/\/$/, ''),
    rightsNameDefault: e.RIGHTS_NAME_DEFAULT ?? 'TiVo Licensed',
    imageNotesDefault: e.IMAGE_NOTES_DEFAULT ?? '',
    maxFileBytes: e.INGEST_MAX_FILE_BYTES ?? 50 * 1024 * 1024,
    maxRows: e.INGEST_MAX_ROWS ?? 250_000,
    maxInflatedBytes: e.INGEST_MAX_INFLATED_BYTES ?? 200 * 1024 * 1024,
    maxInflatedPartBytes: e.INGEST_MAX_INFLATED_PART_BYTES ?? 64 * 1024 * 1024,
  };
}

function exportSettings(
  e: Env,
  target: ExportTarget,
  s3: S3Settings | undefined,
  dataDir: string,
): AppConfig['exports'] {
  return {
    batchCron: e.BATCHJOB_CRON ?? '0 2 * * *',
    dumpCron: e.DUMPDATA_CRON ?? '0 3 * * *',
    target,
    dir: e.EXPORT_DIR ?? '/exports',
    s3Bucket: e.EXPORT_S3_BUCKET ?? s3?.bucket,
    s3Prefix: e.EXPORT_S3_PREFIX ?? 'exports/',
    localDir: resolve(e.EXPORT_LOCAL_DIR ?? `${dataDir}/exports`),
  };
}

function workflowSettings(e: Env): AppConfig['workflow'] {
  return {
    lockTtlMinutes: e.LOCK_TTL_MINUTES ?? 120,
    lockBatchMax: e.LOCK_BATCH_MAX ?? 25,
    lockSweepSeconds: e.LOCK_SWEEP_SECONDS ?? 60,
    maxCropBytes: e.MAX_CROP_BYTES ?? 15 * 1024 * 1024,
    sourceFetchMaxBytes: e.SOURCE_FETCH_MAX_BYTES ?? 40 * 1024 * 1024,
    sourceFetchTimeoutMs: e.SOURCE_FETCH_TIMEOUT_MS ?? 15_000,
    fetchAllow: parseFetchAllow(e.FETCH_ALLOW_HOSTS),
    maxImagePixels: e.MAX_IMAGE_PIXELS ?? 40_000_000,
    imageConcurrency: e.IMAGE_CONCURRENCY ?? availableParallelism(),
    uploadMemoryBudget: e.UPLOAD_MEMORY_BUDGET ?? 128 * 1024 * 1024,
    uploadQueueTimeoutMs: e.UPLOAD_QUEUE_TIMEOUT_MS ?? 30_000,
  };
}

/** An analysis worker serves no HTTP, so it has no HTTP workers to fork: it scales by processes instead. */
function requireOneAnalysisProcess(e: Env): void {
  if (e.PROCESS_ROLE === 'worker' && (e.WEB_CONCURRENCY ?? 1) > 1) {
    throw new ConfigError(
      'WEB_CONCURRENCY: HTTP workers make no sense with PROCESS_ROLE=worker (no HTTP listener); run more worker processes, or raise ANALYSIS_CONCURRENCY',
    );
  }
}

/**
 * Whether a process with these settings analyses images: not an API-only one, not one where background jobs
 * are off (workers 2..N of WEB_CONCURRENCY), and not with ANALYSIS_CONCURRENCY=0.
 */
export function analysesImages(config: AppConfig): boolean {
  return config.analysis.role !== 'api' && config.backgroundJobs && config.analysis.concurrency > 0;
}

function analysisSettings(e: Env): AppConfig['analysis'] {
  return {
    role: (e.PROCESS_ROLE ?? 'all') as AppConfig['analysis']['role'],
    concurrency: e.ANALYSIS_CONCURRENCY ?? 1,
    process: (e.ANALYSIS_PROCESS ?? 'separate') as AppConfig['analysis']['process'],
    nice: e.ANALYSIS_NICE ?? 10,
    maxAttempts: e.ANALYSIS_MAX_ATTEMPTS ?? 5,
    pollMs: e.ANALYSIS_POLL_MS ?? 2000,
    cpuShare: e.ANALYSIS_CPU_SHARE ?? (e.PROCESS_ROLE === 'worker' ? 100 : 50),
    resolutionGuard: (e.RESOLUTION_GUARD ?? 'warn') as AppConfig['analysis']['resolutionGuard'],
  };
}
