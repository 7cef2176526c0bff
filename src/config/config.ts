import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { EMPTY_MEANS_EMPTY, EnvSchema, SECRET_VARIABLES } from './env.schema.js';

export type ProviderReader = 'pressSite' | 'tmdb' | 'sling' | 'email';
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

/** A SOCKS proxy in the shape the `socks` client takes. */
export interface SocksProxySettings {
  type: 4 | 5;
  host: string;
  port: number;
  userId?: string;
  password?: string;
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
  };
  analysis: {
    /** `api` serves HTTP only, `worker` analyses images only, `all` (default) does both. */
    role: 'api' | 'worker' | 'all';
    /** Images analysed at once by this process's worker (0 = none, whatever the role). */
    concurrency: number;
    /** Attempts at a transient failure before it is recorded as permanent. */
    maxAttempts: number;
    /** How often an idle worker looks for due work. */
    pollMs: number;
    /** A rendition below its aspect ratio's minimum size: `warn` saves it with a warning, `refuse` is 400. */
    resolutionGuard: 'warn' | 'refuse';
  };
}

export class ConfigError extends Error {}

const READERS: ProviderReader[] = ['pressSite', 'tmdb', 'sling', 'email'];

/** `X_FILE=/run/secrets/x` is read into X (docker/k8s secrets); the legacy base64 form `base64:...` is decoded. */
function resolveSecrets(env: Record<string, string | undefined>): Record<string, string | undefined> {
  const out = Object.fromEntries(
    Object.entries(env).filter(([name, value]) => value !== '' || EMPTY_MEANS_EMPTY.includes(name)),
  );
  for (const name of SECRET_VARIABLES) {
    const file = env[`${name}_FILE`];
    if (!out[name] && file) {
      try {
        out[name] = readFileSync(file, 'utf8').trim();
      } catch {
        throw new ConfigError(`${name}_FILE: cannot read the file it names`);
      }
    }
    const value = out[name];
    if (value?.startsWith('base64:')) out[name] = Buffer.from(value.slice(7), 'base64').toString('utf8');
  }
  return out;
}

function parsePrefixes(raw: string): { prefix: string; reader: ProviderReader }[] {
  return raw
    .split(',')
    .map((pair) => pair.trim())
    .filter(Boolean)
    .map((pair) => {
      const [prefix, reader] = pair.split('=').map((s) => s.trim());
      const match = READERS.find((r) => r.toLowerCase() === reader.toLowerCase());
      if (!match)
        throw new ConfigError(`FILEWATCHER_PREFIXES: unknown reader "${reader}" (use ${READERS.join(', ')})`);
      return { prefix, reader: match };
    });
}

const NAMED_PROXY_RANGES = ['loopback', 'linklocal', 'uniquelocal'];

/**
 * TRUST_PROXY as Express's `trust proxy` setting: empty or `false` trusts no proxy (the client address is
 * the socket's), `true` trusts any (only when nothing can reach the service but the proxy), a number the
 * nearest N hops, else a comma-separated list of proxy addresses, CIDR ranges or the names loopback,
 * linklocal, uniquelocal. Each list entry is checked here, so a typo stops the boot instead of silently
 * trusting nobody.
 */
export function parseTrustProxy(raw: string | undefined): boolean | number | string[] {
  const value = (raw ?? '').trim();
  if (value === '' || value.toLowerCase() === 'false') return false;
  if (value.toLowerCase() === 'true') return true;
  if (/^\d+$/.test(value)) return Number(value);
  return value.split(',').map((entry) => {
    const item = entry.trim();
    if (NAMED_PROXY_RANGES.includes(item.toLowerCase())) return item.toLowerCase();
    const [address, bits, ...extra] = item.split('/');
    const family = isIP(address);
    const maxBits = family === 6 ? 128 : 32;
    const bitsOk = bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= maxBits);
    if (!family || !bitsOk || extra.length > 0) {
      throw new ConfigError(
        `TRUST_PROXY: "${item}" is not an address, a CIDR range or one of ${NAMED_PROXY_RANGES.join(', ')}`,
      );
    }
    return item;
  });
}

/**
 * SFTP_PROXY: socks5://[user:password@]host[:port] (or socks4://; port 1080 when left out), parsed once
 * here so a bad value stops the boot. The message never repeats the value: it may hold a password.
 */
export function parseSftpProxy(raw: string | undefined): SocksProxySettings | undefined {
  if (!raw) return undefined;
  const bad = () =>
    new ConfigError('SFTP_PROXY: must look like socks5://host:port or socks5://user:password@host:port');
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw bad();
  }
  const type = u.protocol === 'socks5:' ? 5 : u.protocol === 'socks4:' ? 4 : undefined;
  if (!type || !u.hostname || !['', '/'].includes(u.pathname) || u.search || u.hash) throw bad();
  return {
    type,
    host: u.hostname,
    port: Number(u.port || 1080),
    ...(u.username ? { userId: decodeURIComponent(u.username) } : {}),
    ...(u.password ? { password: decodeURIComponent(u.password) } : {}),
  };
}

/**
 * FETCH_ALLOW_HOSTS: comma-separated host names (matched on the URL, any port), addresses and CIDR ranges
 * (matched on the resolved address). Checked here so a typo stops the boot instead of refusing every fetch.
 */
export function parseFetchAllow(raw: string | undefined): { hosts: string[]; cidrs: string[] } {
  const out = { hosts: [] as string[], cidrs: [] as string[] };
  for (const entry of (raw ?? '').split(',')) {
    const item = entry
      .trim()
      .toLowerCase()
      .replace(/^\[(.*)\]$/, '$1');
    if (!item) continue;
    const [address, bits, ...extra] = item.split('/');
    const family = isIP(address);
    if (family) {
      const max = family === 6 ? 128 : 32;
      if (extra.length > 0 || (bits !== undefined && !(/^\d{1,3}$/.test(bits) && Number(bits) <= max))) {
        throw new ConfigError(`FETCH_ALLOW_HOSTS: "${item}" is not a valid CIDR range`);
      }
      out.cidrs.push(bits === undefined ? `${address}/${max}` : item);
    } else if (/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/.test(item)) {
      out.hosts.push(item);
    } else {
      throw new ConfigError(`FETCH_ALLOW_HOSTS: "${item}" is not a host name, an address or a CIDR range`);
    }
  }
  return out;
}

function parseS3Sources(raw: string): { bucket: string; prefix: string }[] {
  return raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((entry) => {
      const [bucket, ...rest] = entry.replace(/^s3:\/\//, '').split('/');
      if (!bucket) throw new ConfigError('FILEWATCHER_S3_SOURCES: each entry must look like bucket/prefix');
      return { bucket, prefix: rest.join('/') };
    });
}

/**
 * Validates the environment and returns the typed configuration.
 * Throws ConfigError with one line naming the first bad variable.
 */
export function loadConfig(rawEnv: Record<string, string | undefined> = process.env): AppConfig {
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
  const e = parsed;
  const nodeEnv = (e.NODE_ENV ?? 'development') as AppConfig['env'];
  const dataDir = resolve('.data');
  const port = e.PORT ?? 3000;

  const s3: S3Settings | undefined = e.S3_BUCKET
    ? {
        bucket: e.S3_BUCKET,
        prefix: e.S3_PREFIX ?? '',
        region: e.S3_REGION ?? 'us-east-1',
        endpoint: e.S3_ENDPOINT,
        accessKeyId: e.S3_ACCESS_KEY_ID,
        secretAccessKey: e.S3_SECRET_ACCESS_KEY,
        forcePathStyle: (e.S3_FORCE_PATH_STYLE ?? (e.S3_ENDPOINT ? 'true' : 'false')) === 'true',
      }
    : undefined;

  if (e.SFTP_HOST && !e.SFTP_USERNAME)
    throw new ConfigError('SFTP_USERNAME: is required when SFTP_HOST is set');
  if (e.SFTP_HOST && !e.SFTP_PASSWORD && !e.SFTP_PRIVATE_KEY) {
    throw new ConfigError(
      'SFTP_PASSWORD: SFTP_PASSWORD or SFTP_PRIVATE_KEY is required when SFTP_HOST is set',
    );
  }
  const sftp: SftpSettings | undefined = e.SFTP_HOST
    ? {
        host: e.SFTP_HOST,
        port: e.SFTP_PORT ?? 22,
        username: e.SFTP_USERNAME!,
        password: e.SFTP_PASSWORD,
        privateKey: e.SFTP_PRIVATE_KEY,
        inputDir: e.SFTP_INPUT_DIR ?? '/incoming',
        outputDir: e.SFTP_OUTPUT_DIR ?? '/outgoing',
        auditDir: e.SFTP_AUDIT_DIR ?? '/audit',
        proxy: parseSftpProxy(e.SFTP_PROXY),
      }
    : undefined;

  const exportTarget = (e.EXPORT_TARGET ?? (sftp ? 'sftp' : s3 ? 's3' : 'folder')) as ExportTarget;
  if (exportTarget === 'sftp' && !sftp)
    throw new ConfigError('EXPORT_TARGET: is sftp but SFTP_HOST is not set');
  if (exportTarget === 's3' && !(e.EXPORT_S3_BUCKET ?? s3?.bucket)) {
    throw new ConfigError('EXPORT_S3_BUCKET: is required when EXPORT_TARGET is s3');
  }
  if (nodeEnv === 'production' && !e.JWT_SECRET) {
    throw new ConfigError('JWT_SECRET: is required when NODE_ENV=production');
  }
  if (nodeEnv === 'production' && (!e.ADMIN_EMAIL || !e.ADMIN_PASSWORD)) {
    throw new ConfigError(
      'ADMIN_EMAIL: ADMIN_EMAIL and ADMIN_PASSWORD are required when NODE_ENV=production',
    );
  }
  if (nodeEnv === 'production' && !e.DATABASE_URL) {
    throw new ConfigError(
      'DATABASE_URL: is required when NODE_ENV=production (no embedded database in production)',
    );
  }

  // an analysis worker serves no HTTP, so it has no HTTP workers to fork: scale it by processes instead
  const analysisOnly = e.PROCESS_ROLE === 'worker';
  if (analysisOnly && (e.WEB_CONCURRENCY ?? 1) > 1) {
    throw new ConfigError(
      'WEB_CONCURRENCY: HTTP workers make no sense with PROCESS_ROLE=worker (no HTTP listener); run more worker processes, or raise ANALYSIS_CONCURRENCY',
    );
  }

  const ingestRoot = resolve(e.INGEST_ROOT ?? `${dataDir}/ingest`);
  return {
    env: nodeEnv,
    port,
    host: e.HOST ?? '0.0.0.0',
    // every core in production; one process where the embedded database and a developer share the machine
    webConcurrency:
      e.WEB_CONCURRENCY ?? (nodeEnv === 'production' && !analysisOnly ? availableParallelism() : 1),
    backgroundJobs: (e.BACKGROUND_JOBS ?? 'true') === 'true',
    metrics: { port: e.METRICS_PORT, host: e.METRICS_HOST ?? '127.0.0.1' },
    logLevel: e.LOG_LEVEL ?? 'info',
    bodyLimit: e.BODY_LIMIT ?? '25mb',
    trustProxy: parseTrustProxy(e.TRUST_PROXY),
    database: {
      url: e.DATABASE_URL,
      embeddedDir: resolve(e.EMBEDDED_PG_DIR ?? `${dataDir}/pg`),
      embeddedPort: e.EMBEDDED_PG_PORT ?? 0,
      poolSize: e.DB_POOL_SIZE ?? 8,
      connectTimeoutMs: e.DB_CONNECT_TIMEOUT_MS ?? 5_000,
      statementTimeoutMs: e.DB_STATEMENT_TIMEOUT_MS ?? 15_000,
      jobStatementTimeoutMs: e.DB_JOB_STATEMENT_TIMEOUT_MS ?? 1_800_000,
    },
    auth: {
      jwtSecret: e.JWT_SECRET,
      jwtExpiresIn: e.JWT_EXPIRES_IN ?? '8h',
      adminEmail: e.ADMIN_EMAIL,
      adminPassword: e.ADMIN_PASSWORD,
      loginThrottleLimit: e.LOGIN_THROTTLE_LIMIT ?? 10,
      loginThrottleWindowSeconds: e.LOGIN_THROTTLE_WINDOW_SECONDS ?? 60,
      loginThrottleAddressLimit: e.LOGIN_THROTTLE_ADDRESS_LIMIT ?? 50,
      loginThrottleDelayMs: e.LOGIN_THROTTLE_DELAY_MS ?? 500,
      userCacheSeconds: e.USER_CACHE_SECONDS ?? 30,
    },
    storage: {
      dir: resolve(e.STORAGE_DIR ?? `${dataDir}/storage`),
      s3,
      publicBaseUrl: (e.PUBLIC_BASE_URL ?? `http://localhost:${port}`).replace(/\/$/, ''),
    },
    cdn: { originBaseUrl: e.CDN_ORIGIN_BASE_URL, rewriteBaseUrl: e.CDN_REWRITE_BASE_URL },
    sftp,
    filewatcher: {
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
    },
    exports: {
      batchCron: e.BATCHJOB_CRON ?? '0 2 * * *',
      dumpCron: e.DUMPDATA_CRON ?? '0 3 * * *',
      target: exportTarget,
      dir: e.EXPORT_DIR ?? '/exports',
      s3Bucket: e.EXPORT_S3_BUCKET ?? s3?.bucket,
      s3Prefix: e.EXPORT_S3_PREFIX ?? 'exports/',
      localDir: resolve(e.EXPORT_LOCAL_DIR ?? `${dataDir}/exports`),
    },
    workflow: {
      lockTtlMinutes: e.LOCK_TTL_MINUTES ?? 120,
      lockBatchMax: e.LOCK_BATCH_MAX ?? 25,
      lockSweepSeconds: e.LOCK_SWEEP_SECONDS ?? 60,
      maxCropBytes: e.MAX_CROP_BYTES ?? 15 * 1024 * 1024,
      sourceFetchMaxBytes: e.SOURCE_FETCH_MAX_BYTES ?? 40 * 1024 * 1024,
      sourceFetchTimeoutMs: e.SOURCE_FETCH_TIMEOUT_MS ?? 15_000,
      fetchAllow: parseFetchAllow(e.FETCH_ALLOW_HOSTS),
      maxImagePixels: e.MAX_IMAGE_PIXELS ?? 40_000_000,
      imageConcurrency: e.IMAGE_CONCURRENCY ?? availableParallelism(),
    },
    analysis: {
      role: (e.PROCESS_ROLE ?? 'all') as AppConfig['analysis']['role'],
      concurrency: e.ANALYSIS_CONCURRENCY ?? 1,
      maxAttempts: e.ANALYSIS_MAX_ATTEMPTS ?? 5,
      pollMs: e.ANALYSIS_POLL_MS ?? 2000,
      resolutionGuard: (e.RESOLUTION_GUARD ?? 'warn') as AppConfig['analysis']['resolutionGuard'],
    },
  };
}
