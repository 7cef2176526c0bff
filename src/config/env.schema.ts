import { Type } from 'class-transformer';
import {
  IsBooleanString,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  Min,
} from 'class-validator';

/**
 * Every environment variable the service reads, validated once at boot.
 * Defaults live in config.ts so that this class only says what a value may look like.
 * `.env.example` documents each one; keep the two in step.
 */
export class EnvSchema {
  @IsOptional() @IsIn(['development', 'production', 'test']) NODE_ENV?: string;
  @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(65535) PORT?: number;
  @IsOptional() @IsString() HOST?: string;
  /** HTTP worker processes; default: the number of cores in production, 1 otherwise. */
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(64) WEB_CONCURRENCY?: number;
  /** false: this process serves HTTP only (no lock sweeper, no cron jobs). */
  @IsOptional() @IsBooleanString() BACKGROUND_JOBS?: string;
  /** The Prometheus /metrics listener: unset = off, 0 = a free port; bound to METRICS_HOST only. */
  @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(65535) METRICS_PORT?: number;
  @IsOptional() @IsString() METRICS_HOST?: string;
  @IsOptional() @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']) LOG_LEVEL?: string;
  @IsOptional()
  @Matches(/^\d+(b|kb|mb)$/i, { message: 'must look like 25mb, 512kb or 1048576b' })
  BODY_LIMIT?: string;
  /** Which reverse proxies may say who the client is (X-Forwarded-For); parsed in config.ts. */
  @IsOptional() @IsString() TRUST_PROXY?: string;

  // Database
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\//, { message: 'must be a postgres:// URL' })
  DATABASE_URL?: string;
  @IsOptional() @IsString() EMBEDDED_PG_DIR?: string;
  @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(65535) EMBEDDED_PG_PORT?: number;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100) DB_POOL_SIZE?: number;
  @IsOptional() @Type(() => Number) @IsInt() @Min(100) @Max(600_000) DB_CONNECT_TIMEOUT_MS?: number;
  @IsOptional() @Type(() => Number) @IsInt() @Min(100) @Max(3_600_000) DB_STATEMENT_TIMEOUT_MS?: number;
  @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(86_400_000) DB_JOB_STATEMENT_TIMEOUT_MS?: number;

  // Auth
  @IsOptional()
  @IsString()
  @Matches(/^.{32,}$/s, { message: 'must be at least 32 characters' })
  JWT_SECRET?: string;
  @IsOptional()
  @Matches(/^\d+[smhd]?$/, { message: 'must look like 3600, 30m, 8h or 1d' })
  JWT_EXPIRES_IN?: string;
  @IsOptional() @IsString() ADMIN_EMAIL?: string;
  @IsOptional() @IsString() ADMIN_PASSWORD?: string;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) LOGIN_THROTTLE_LIMIT?: number;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) LOGIN_THROTTLE_WINDOW_SECONDS?: number;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) LOGIN_THROTTLE_ADDRESS_LIMIT?: number;
  @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(60_000) LOGIN_THROTTLE_DELAY_MS?: number;
  @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(3600) USER_CACHE_SECONDS?: number;

  // Storage of renditions: S3 when S3_BUCKET is set, else local disk under STORAGE_DIR
  @IsOptional() @IsString() STORAGE_DIR?: string;
  @IsOptional() @IsString() S3_BUCKET?: string;
  @IsOptional() @IsString() S3_PREFIX?: string;
  @IsOptional() @IsString() S3_REGION?: string;
  @IsOptional() @IsUrl({ require_tld: false }) S3_ENDPOINT?: string;
  @IsOptional() @IsString() S3_ACCESS_KEY_ID?: string;
  @IsOptional() @IsString() S3_SECRET_ACCESS_KEY?: string;
  @IsOptional() @IsBooleanString() S3_FORCE_PATH_STYLE?: string;

  // CDN rewriting
  @IsOptional() @IsUrl({ require_tld: false }) CDN_ORIGIN_BASE_URL?: string;
  @IsOptional() @IsUrl({ require_tld: false }) CDN_REWRITE_BASE_URL?: string;
  @IsOptional() @IsUrl({ require_tld: false }) PUBLIC_BASE_URL?: string;

  // SFTP (off when SFTP_HOST is unset)
  @IsOptional() @IsString() SFTP_HOST?: string;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(65535) SFTP_PORT?: number;
  @IsOptional() @IsString() SFTP_USERNAME?: string;
  @IsOptional() @IsString() SFTP_PASSWORD?: string;
  @IsOptional() @IsString() SFTP_PRIVATE_KEY?: string;
  @IsOptional() @IsString() SFTP_INPUT_DIR?: string;
  @IsOptional() @IsString() SFTP_OUTPUT_DIR?: string;
  @IsOptional() @IsString() SFTP_AUDIT_DIR?: string;
  /** socks5://[user:password@]host:port (or socks4://); parsed in config.ts. */
  @IsOptional() @IsString() SFTP_PROXY?: string;

  // Filewatcher
  @IsOptional() @IsString() INGEST_ROOT?: string;
  @IsOptional() @IsString() INGEST_STAGING_DIR?: string;
  @IsOptional()
  @Matches(/^\s*([^=,\s]+=[A-Za-z]+)(\s*,\s*[^=,\s]+=[A-Za-z]+)*\s*$/, {
    message: 'must look like PS_=pressSite,TMDB_=tmdb',
  })
  FILEWATCHER_PREFIXES?: string;
  @IsOptional() @IsString() FILEWATCHER_S3_SOURCES?: string;
  @IsOptional() @IsString() FILEWATCHER_CRON?: string;
  @IsOptional() @IsUrl({ require_tld: false }) TMDB_IMAGE_BASE_URL?: string;
  @IsOptional() @IsString() RIGHTS_NAME_DEFAULT?: string;
  @IsOptional() @IsString() IMAGE_NOTES_DEFAULT?: string;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) INGEST_MAX_FILE_BYTES?: number;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) INGEST_MAX_ROWS?: number;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) INGEST_MAX_INFLATED_BYTES?: number;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) INGEST_MAX_INFLATED_PART_BYTES?: number;

  // Exports
  @IsOptional() @IsString() BATCHJOB_CRON?: string;
  @IsOptional() @IsString() DUMPDATA_CRON?: string;
  @IsOptional() @IsIn(['folder', 's3', 'sftp']) EXPORT_TARGET?: string;
  @IsOptional() @IsString() EXPORT_DIR?: string;
  @IsOptional() @IsString() EXPORT_S3_BUCKET?: string;
  @IsOptional() @IsString() EXPORT_S3_PREFIX?: string;
  @IsOptional() @IsString() EXPORT_LOCAL_DIR?: string;

  // Image workflow
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) LOCK_TTL_MINUTES?: number;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(1000) LOCK_BATCH_MAX?: number;
  @IsOptional() @Type(() => Number) @IsInt() @Min(0) LOCK_SWEEP_SECONDS?: number;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) MAX_CROP_BYTES?: number;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) SOURCE_FETCH_MAX_BYTES?: number;
  @IsOptional() @Type(() => Number) @IsInt() @Min(100) SOURCE_FETCH_TIMEOUT_MS?: number;
  /** Hosts, addresses or CIDR ranges a source fetch may reach besides public addresses; parsed in config.ts. */
  @IsOptional() @IsString() FETCH_ALLOW_HOSTS?: string;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) MAX_IMAGE_PIXELS?: number;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(64) IMAGE_CONCURRENCY?: number;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1024 * 1024) UPLOAD_MEMORY_BUDGET?: number;
  @IsOptional() @Type(() => Number) @IsInt() @Min(100) UPLOAD_QUEUE_TIMEOUT_MS?: number;

  // Assisted cropping
  @IsOptional() @IsIn(['api', 'worker', 'all']) PROCESS_ROLE?: string;
  @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(64) ANALYSIS_CONCURRENCY?: number;
  @IsOptional() @IsIn(['separate', 'inline']) ANALYSIS_PROCESS?: string;
  @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(19) ANALYSIS_NICE?: number;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100) ANALYSIS_CPU_SHARE?: number;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100) ANALYSIS_MAX_ATTEMPTS?: number;
  @IsOptional() @Type(() => Number) @IsInt() @Min(50) @Max(600_000) ANALYSIS_POLL_MS?: number;
  @IsOptional() @IsIn(['warn', 'refuse']) RESOLUTION_GUARD?: string;
}

/** Variables where an empty value means something (a disabled cron, an empty prefix); elsewhere empty = unset. */
export const EMPTY_MEANS_EMPTY = [
  'FILEWATCHER_CRON',
  'BATCHJOB_CRON',
  'DUMPDATA_CRON',
  'IMAGE_NOTES_DEFAULT',
  'S3_PREFIX',
  'EXPORT_S3_PREFIX',
];

export const SECRET_VARIABLES = [
  'DATABASE_URL',
  'JWT_SECRET',
  'ADMIN_PASSWORD',
  'S3_SECRET_ACCESS_KEY',
  'SFTP_PASSWORD',
  'SFTP_PRIVATE_KEY',
  'SFTP_PROXY',
] as const;
