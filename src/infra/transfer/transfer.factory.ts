import type { AppConfig } from '../../config/config.js';
import { S3Client } from '@aws-sdk/client-s3';
import { FolderTransfer } from './folder.transfer.js';
import { DEFAULT_RETRY, type RetryPolicy } from './retry.js';
import { S3Transfer } from './s3.transfer.js';
import { SftpTransfer } from './sftp.transfer.js';
import type { Transfer } from './transfer.js';

/**
 * The export destination chosen by EXPORT_TARGET. Default directories: SFTP → EXPORT_DIR; folder →
 * EXPORT_LOCAL_DIR; S3 → EXPORT_S3_PREFIX in EXPORT_S3_BUCKET (S3_BUCKET when unset).
 */
export function createTransfer(config: AppConfig, retry: RetryPolicy = DEFAULT_RETRY): Transfer {
  const { exports: ex } = config;
  switch (ex.target) {
    case 'sftp':
      if (!config.sftp) throw new Error('EXPORT_TARGET is sftp but SFTP_HOST is not set');
      return new SftpTransfer(config.sftp, ex.dir, retry);
    case 's3': {
      const s3 = config.storage.s3;
      // Built here rather than by createS3Client: a streamed body otherwise goes out aws-chunked with a
      // trailing checksum, which S3-compatible servers (s3rver, older MinIO) store verbatim, and the size
      // check after the copy then rightly fails. Plain PUTs with a Content-Length instead.
      const client = new S3Client({
        region: s3?.region ?? 'us-east-1',
        endpoint: s3?.endpoint,
        forcePathStyle: s3?.forcePathStyle ?? false,
        credentials:
          s3?.accessKeyId && s3.secretAccessKey
            ? { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey }
            : undefined,
        maxAttempts: 3,
        requestChecksumCalculation: 'WHEN_REQUIRED',
      });
      if (!ex.s3Bucket) throw new Error('EXPORT_TARGET is s3 but no bucket is set');
      return new S3Transfer(client, ex.s3Bucket, ex.s3Prefix, retry);
    }
    default:
      return new FolderTransfer(ex.localDir, retry);
  }
}
