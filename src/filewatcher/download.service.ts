import { GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { ConflictException, Inject, Injectable, Logger, ServiceUnavailableException } from '@nestjs/common';
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm, utimes } from 'node:fs/promises';
import { basename, join, posix } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { AppConfig } from '../config/config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { createS3Client } from '../infra/clients/s3-client.js';
import { connectSftp } from '../infra/clients/sftp-client.js';
import { DownloadRepository } from './download.repository.js';

export interface DownloadResult {
  status: 'success' | 'no_files';
  Files: string[];
}

interface RemoteFile {
  name: string;
  key: string;
  modified: Date;
  size: number;
}

/**
 * Brings new manifests from S3 and SFTP into the staging folder. Each file is recorded before it is
 * fetched (so a crash mid-download is retried, never lost nor fetched twice once whole), written under a
 * temporary name and renamed when complete, with the source's timestamp as its mtime (the dedupe key).
 */
@Injectable()
export class DownloadService {
  private readonly logger = new Logger(DownloadService.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly repo: DownloadRepository,
  ) {}

  async fromS3(): Promise<DownloadResult> {
    const { s3Sources } = this.config.filewatcher;
    const s3 = this.config.storage.s3;
    if (s3Sources.length === 0)
      throw new ConflictException('No S3 manifest sources are configured (FILEWATCHER_S3_SOURCES)');
    const client = createS3Client(s3 ?? { region: 'us-east-1', forcePathStyle: false });
    try {
      const files: string[] = [];
      for (const source of s3Sources) {
        const remote: RemoteFile[] = [];
        let token: string | undefined;
        do {
          const page = await client.send(
            new ListObjectsV2Command({
              Bucket: source.bucket,
              Prefix: source.prefix || undefined,
              ContinuationToken: token,
            }),
          );
          for (const o of page.Contents ?? []) {
            if (o.Key && o.Key.toLowerCase().endsWith('.xlsx') && !o.Key.endsWith('/')) {
              remote.push({
                name: basename(o.Key),
                key: o.Key,
                modified: o.LastModified ?? new Date(0),
                size: o.Size ?? 0,
              });
            }
          }
          token = page.IsTruncated ? page.NextContinuationToken : undefined;
        } while (token);
        for (const f of remote) {
          const got = await this.fetch('s3', f, async () => {
            const obj = await client.send(new GetObjectCommand({ Bucket: source.bucket, Key: f.key }));
            return obj.Body as Readable;
          });
          if (got) files.push(f.name);
        }
      }
      return { status: files.length ? 'success' : 'no_files', Files: files };
    } catch (err) {
      if (err instanceof ConflictException) throw err;
      this.logger.error({ err }, 'S3 manifest download failed');
      throw new ServiceUnavailableException('The S3 manifest source could not be read; try again later');
    } finally {
      client.destroy();
    }
  }

  async fromSftp(): Promise<DownloadResult> {
    const sftp = this.config.sftp;
    if (!sftp)
      throw new ConflictException('SFTP is not configured (SFTP_HOST), so there is nothing to download from');
    let client: Awaited<ReturnType<typeof connectSftp>> | undefined;
    try {
      client = await connectSftp(sftp, 'smartcrop-filewatcher');
      const c = client;
      const listing = await c.list(sftp.inputDir);
      const remote: RemoteFile[] = listing
        .filter((e) => e.type === '-' && e.name.toLowerCase().endsWith('.xlsx'))
        .map((e) => ({
          name: e.name,
          key: posix.join(sftp.inputDir, e.name),
          modified: new Date(e.modifyTime),
          size: e.size,
        }));
      const files: string[] = [];
      for (const f of remote) {
        if (await this.fetch('sftp', f, () => Promise.resolve(c.createReadStream(f.key)))) files.push(f.name);
      }
      return { status: files.length ? 'success' : 'no_files', Files: files };
    } catch (err) {
      this.logger.error({ err }, 'SFTP manifest download failed');
      throw new ServiceUnavailableException('The SFTP manifest source could not be read; try again later');
    } finally {
      await client?.end().catch(() => undefined);
    }
  }

  private async fetch(source: 's3' | 'sftp', f: RemoteFile, open: () => Promise<Readable>): Promise<boolean> {
    if (!(await this.repo.claim(f.name, source, f.key, f.modified, f.size))) return false;
    const dir = this.config.filewatcher.stagingDir;
    await mkdir(dir, { recursive: true });
    const temp = join(dir, `.${f.name}.part`);
    try {
      await pipeline(await open(), createWriteStream(temp));
      await utimes(temp, f.modified, f.modified);
      await rename(temp, join(dir, f.name));
    } catch (err) {
      await rm(temp, { force: true });
      throw err;
    }
    await this.repo.downloaded(f.name, f.modified);
    return true;
  }
}
