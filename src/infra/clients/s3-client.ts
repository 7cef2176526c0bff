import { S3Client } from '@aws-sdk/client-s3';
import { Logger } from '@nestjs/common';
import type { S3Settings } from '../../config/config.js';

const logger = new Logger('S3Client');

/**
 * Without a logger the SDK console.warns "An error was encountered in a non-retryable streaming request"
 * for every failed upload, outside the structured log and beside our own retry line: kept at debug.
 */
const SDK_LOGGER = {
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: (...args: unknown[]) => logger.debug(args.map(String).join(' ')),
  error: (...args: unknown[]) => logger.debug(args.map(String).join(' ')),
};

/**
 * One way to build an S3 client from config, for storage, manifest downloads and exports alike.
 * Works with AWS and any S3-compatible endpoint (MinIO, s3rver): path-style addressing when asked.
 * Without explicit keys the SDK's default chain applies (instance role, env, profile).
 * Checksums only when an operation requires them: otherwise a streamed body goes out aws-chunked with a
 * trailing checksum, which S3-compatible servers (s3rver, older MinIO) store verbatim, corrupting the object.
 */
export function createS3Client(
  s3: Pick<S3Settings, 'region' | 'endpoint' | 'accessKeyId' | 'secretAccessKey' | 'forcePathStyle'>,
): S3Client {
  return new S3Client({
    region: s3.region,
    endpoint: s3.endpoint,
    forcePathStyle: s3.forcePathStyle,
    credentials:
      s3.accessKeyId && s3.secretAccessKey
        ? { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey }
        : undefined,
    maxAttempts: 3,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    logger: SDK_LOGGER,
  });
}
