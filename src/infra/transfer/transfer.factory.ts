import type { AppConfig } from '../../config/config.js';
import { createS3Client } from '../clients/s3-client.js';
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
      const client = createS3Client(config.storage.s3 ?? { region: 'us-east-1', forcePathStyle: false });
      if (!ex.s3Bucket) throw new Error('EXPORT_TARGET is s3 but no bucket is set');
      return new S3Transfer(client, ex.s3Bucket, ex.s3Prefix, retry);
    }
    default:
      return new FolderTransfer(ex.localDir, retry);
  }
}
