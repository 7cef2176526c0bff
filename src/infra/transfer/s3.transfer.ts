import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import {
  CopyObjectCommand,
  DeleteObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { DEFAULT_RETRY, withRetry, type RetryPolicy } from './retry.js';
import { Transfer } from './transfer.js';

/**
 * S3 has no rename: put under a temporary key, copy to the final key, check the final object's size,
 * then delete the temporary key. A reader listing the final prefix only ever sees a complete object.
 */
export class S3Transfer extends Transfer {
  readonly kind = 's3';

  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
    private readonly prefix: string,
    private readonly retry: RetryPolicy = DEFAULT_RETRY,
  ) {
    super();
  }

  async upload(localPath: string, remoteName: string, dir?: string): Promise<string> {
    const base = joinKey(this.prefix, dir ?? '');
    const key = joinKey(base, remoteName);
    const tempKey = joinKey(base, `.tmp/${remoteName}.${randomBytes(4).toString('hex')}`);
    const size = (await stat(localPath)).size;
    return withRetry(
      `S3 upload of ${remoteName}`,
      async () => {
        await this.client.send(
          new PutObjectCommand({
            Bucket: this.bucket,
            Key: tempKey,
            Body: createReadStream(localPath),
            ContentLength: size,
            ContentType: 'text/csv',
          }),
        );
        await this.client.send(
          new CopyObjectCommand({
            Bucket: this.bucket,
            Key: key,
            CopySource: `${this.bucket}/${tempKey.split('/').map(encodeURIComponent).join('/')}`,
            ContentType: 'text/csv',
            MetadataDirective: 'REPLACE',
          }),
        );
        const head = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
        if (head.ContentLength !== size) {
          throw new Error(`the stored object has ${head.ContentLength} bytes, expected ${size}`);
        }
        await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: tempKey }));
        return `s3://${this.bucket}/${key}`;
      },
      this.retry,
    );
  }
}

function joinKey(a: string, b: string): string {
  if (!a) return b.replace(/^\/+/, '');
  if (!b) return a.replace(/\/+$/, '') + '/';
  return `${a.replace(/\/+$/, '')}/${b.replace(/^\/+/, '')}`;
}
