import { stat } from 'node:fs/promises';
import { posix } from 'node:path';
import type { SftpSettings } from '../../config/config.js';
import { connectSftp } from '../clients/sftp-client.js';
import { DEFAULT_RETRY, withRetry, type RetryPolicy } from './retry.js';
import { pausePoint } from './pause-point.js';
import { finalNameOf, partName, Transfer } from './transfer.js';

/** SFTP: put as a dot-file in the target directory, check its size, then rename to the final name. */
export class SftpTransfer extends Transfer {
  readonly kind = 'sftp';

  constructor(
    private readonly settings: SftpSettings,
    private readonly defaultDir: string,
    private readonly retry: RetryPolicy = DEFAULT_RETRY,
  ) {
    super();
  }

  async upload(localPath: string, remoteName: string, dir?: string): Promise<string> {
    const targetDir = dir ?? this.defaultDir;
    const final = posix.join(targetDir, remoteName);
    const temp = posix.join(targetDir, partName(remoteName));
    const size = (await stat(localPath)).size;
    return withRetry(
      `SFTP upload of ${remoteName}`,
      async () => {
        const client = await connectSftp(this.settings, 'smartcrop-export');
        try {
          if (!(await client.exists(targetDir))) await client.mkdir(targetDir, true);
          await client.fastPut(localPath, temp);
          const uploaded = await client.stat(temp);
          if (uploaded.size !== size) {
            throw new Error(`the uploaded file has ${uploaded.size} bytes, expected ${size}`);
          }
          await pausePoint('transfer:renaming');
          // plain SFTP rename refuses an existing target; a same-named earlier file is replaced
          if (await client.exists(final)) await client.delete(final);
          await client.rename(temp, final);
          return final;
        } catch (err) {
          await client.delete(temp, true).catch(() => undefined);
          throw err;
        } finally {
          await client.end().catch(() => undefined);
        }
      },
      this.retry,
    );
  }

  async removeLeftovers(isOurs: (finalName: string) => boolean, dir?: string): Promise<string[]> {
    const targetDir = dir ?? this.defaultDir;
    const client = await connectSftp(this.settings, 'smartcrop-export');
    try {
      if (!(await client.exists(targetDir))) return [];
      const leftovers = (await client.list(targetDir))
        .map((e) => e.name)
        .filter((n) => {
          const final = finalNameOf(n);
          return final !== undefined && isOurs(final);
        });
      for (const n of leftovers) await client.delete(posix.join(targetDir, n), true);
      return leftovers;
    } finally {
      await client.end().catch(() => undefined);
    }
  }
}
