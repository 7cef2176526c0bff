import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import type { Readable } from 'node:stream';
import type { AppConfig, S3Settings } from '../../config/config.js';
import { createS3Client } from '../clients/s3-client.js';
import { joinUrl } from './cdn.js';
import { Storage, StorageNotFoundError, StorageUnavailableError, type StoredObject } from './storage.js';

function isNotFound(err: unknown): boolean {
  const e = err as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e.name === 'NoSuchKey' || e.name === 'NotFound' || e.$metadata?.httpStatusCode === 404;
}

/**
 * Renditions in an S3 bucket (AWS or any S3-compatible endpoint) under S3_PREFIX. The object key is
 * prefix + key; public URLs are CDN_REWRITE_BASE_URL + object key when a CDN is configured, else the
 * bucket's own URL (path-style on custom endpoints).
 */
export class S3Storage extends Storage {
  private readonly client: S3Client;
  private readonly s3: S3Settings;

  constructor(
    private readonly config: AppConfig,
    client?: S3Client,
  ) {
    super();
    this.s3 = config.storage.s3!;
    this.client = client ?? createS3Client(this.s3);
  }

  private objectKey(key: string): string {
    return `${this.s3.prefix}${key}`;
  }

  /** SDK and network errors other than "not found" are outages to the caller. */
  private async send<T>(what: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      if (isNotFound(err)) throw new StorageNotFoundError(what);
      throw new StorageUnavailableError(
        `S3 ${what} failed: ${err instanceof Error ? err.name || err.message : 'unknown error'}`,
      );
    }
  }

  async put(key: string, body: Buffer, contentType: string): Promise<StoredObject> {
    await this.send('upload', () =>
      this.client.send(
        new PutObjectCommand({
          Bucket: this.s3.bucket,
          Key: this.objectKey(key),
          Body: body,
          ContentType: contentType,
          ContentLength: body.length,
        }),
      ),
    );
    return { key, url: this.publicUrl(key), size: body.length };
  }

  async get(key: string): Promise<Buffer> {
    const out = await this.send('download', () =>
      this.client.send(new GetObjectCommand({ Bucket: this.s3.bucket, Key: this.objectKey(key) })),
    );
    return Buffer.from(await out.Body!.transformToByteArray());
  }

  async getStream(key: string): Promise<Readable> {
    const out = await this.send('download', () =>
      this.client.send(new GetObjectCommand({ Bucket: this.s3.bucket, Key: this.objectKey(key) })),
    );
    return out.Body as Readable;
  }

  async exists(key: string): Promise<boolean> {
    try {
      await this.send('head', () =>
        this.client.send(new HeadObjectCommand({ Bucket: this.s3.bucket, Key: this.objectKey(key) })),
      );
      return true;
    } catch (err) {
      if (err instanceof StorageNotFoundError) return false;
      throw err;
    }
  }

  async delete(key: string): Promise<void> {
    try {
      await this.send('delete', () =>
        this.client.send(new DeleteObjectCommand({ Bucket: this.s3.bucket, Key: this.objectKey(key) })),
      );
    } catch (err) {
      if (!(err instanceof StorageNotFoundError)) throw err;
    }
  }

  /** The bucket's own base URL (no CDN). */
  private bucketBase(): string {
    if (this.s3.endpoint) return joinUrl(this.s3.endpoint, this.s3.bucket);
    return `https://${this.s3.bucket}.s3.${this.s3.region}.amazonaws.com`;
  }

  publicUrl(key: string): string {
    return joinUrl(this.config.cdn.rewriteBaseUrl ?? this.bucketBase(), this.objectKey(key));
  }

  keyFromUrl(url: string): string | undefined {
    const bases = [this.config.cdn.rewriteBaseUrl, this.config.cdn.originBaseUrl, this.bucketBase()];
    for (const raw of bases) {
      const base = raw?.replace(/\/+$/, '');
      if (!base || !url.startsWith(`${base}/`)) continue;
      const objectKey = decodeURIComponent(url.slice(base.length + 1).split('?')[0]);
      if (objectKey.startsWith(this.s3.prefix)) return objectKey.slice(this.s3.prefix.length);
    }
    return undefined;
  }

  onModuleDestroy(): void {
    this.client.destroy();
  }
}
