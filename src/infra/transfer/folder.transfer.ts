import { randomBytes } from 'node:crypto';
import { copyFile, mkdir, rename, rm } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import { DEFAULT_RETRY, withRetry, type RetryPolicy } from './retry.js';
import { Transfer, TransferError } from './transfer.js';

/** A local (or mounted) folder: copy beside the final name as a dot-file, then an atomic rename. */
export class FolderTransfer extends Transfer {
  readonly kind = 'folder';

  constructor(
    private readonly root: string,
    private readonly retry: RetryPolicy = DEFAULT_RETRY,
  ) {
    super();
  }

  async upload(localPath: string, remoteName: string, dir?: string): Promise<string> {
    const targetDir = resolve(this.root, dir ?? '.');
    if (targetDir !== resolve(this.root) && !targetDir.startsWith(resolve(this.root) + sep)) {
      throw new TransferError(`folder upload of ${remoteName}: the directory is outside the export folder`);
    }
    const final = join(targetDir, remoteName);
    return withRetry(
      `folder upload of ${remoteName}`,
      async () => {
        await mkdir(targetDir, { recursive: true });
        const temp = join(targetDir, `.${remoteName}.${randomBytes(4).toString('hex')}.part`);
        try {
          await copyFile(localPath, temp);
          await rename(temp, final);
        } catch (err) {
          await rm(temp, { force: true });
          throw err;
        }
        // relative to the export folder: where it landed, without this server's file-system layout
        return relative(resolve(this.root), final);
      },
      this.retry,
    );
  }
}
