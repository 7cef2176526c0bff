import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import {
  CopyObjectCommand,
  DeleteObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { DEFAULT_RETRY, withRetry, type RetryPolicy } from './retry.js';
import { pausePoint } from './pause-point.js';
import { finalNameOf, partName, Transfer } from './transfer.js';

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
    const tempKey = joinKey(base, `${TEMP_DIR}/${partName(remoteName)}`);
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
        await pausePoint('transfer:renaming');
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

  async removeLeftovers(isOurs: (finalName: string) => boolean, dir?: string): Promise<string[]> {
    const prefix = joinKey(joinKey(this.prefix, dir ?? ''), `${TEMP_DIR}/`);
    const removed: string[] = [];
    let token: string | undefined;
    do {
      const page = await this.client.send(
        new ListObjectsV2Command({ Bucket: this.bucket, Prefix: prefix, ContinuationToken: token }),
      );
      for (const { Key } of page.Contents ?? []) {
        const name = Key?.slice(prefix.length) ?? '';
        const final = finalNameOf(name);
        if (!Key || final === undefined || !isOurs(final)) continue;
        await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key }));
        removed.push(name);
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return removed;
  }
}

/** Where uploads wait under their temporary key, beside the final prefix (a reader lists only the latter). */
const TEMP_DIR = '.tmp';

function joinKey(a: string, b: string): string {
  if (!a) return b.replace(/^\/+/, '');
  if (!b) return a.replace(/\/+$/, '') + '/';
  return `${a.replace(/\/+$/, '')}/${b.replace(/^\/+/, '')}`;
}
