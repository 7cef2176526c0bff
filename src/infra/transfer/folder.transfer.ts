import { copyFile, mkdir, readdir, rename, rm } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import { DEFAULT_RETRY, withRetry, type RetryPolicy } from './retry.js';
import { pausePoint } from './pause-point.js';
import { finalNameOf, partName, Transfer, TransferError } from './transfer.js';

/** A local (or mounted) folder: copy beside the final name as a dot-file, then an atomic rename. */
export class FolderTransfer extends Transfer {
  readonly kind = 'folder';

  constructor(
    private readonly root: string,
    private readonly retry: RetryPolicy = DEFAULT_RETRY,
  ) {
    super();
  }

  private dirFor(dir: string | undefined, what: string): string {
    const targetDir = resolve(this.root, dir ?? '.');
    if (targetDir !== resolve(this.root) && !targetDir.startsWith(resolve(this.root) + sep)) {
      throw new TransferError(`${what}: the directory is outside the export folder`);
    }
    return targetDir;
  }

  async upload(localPath: string, remoteName: string, dir?: string): Promise<string> {
    const targetDir = this.dirFor(dir, `folder upload of ${remoteName}`);
    const final = join(targetDir, remoteName);
    return withRetry(
      `folder upload of ${remoteName}`,
      async () => {
        await mkdir(targetDir, { recursive: true });
        const temp = join(targetDir, partName(remoteName));
        try {
          await copyFile(localPath, temp);
          await pausePoint('transfer:renaming');
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

  async removeLeftovers(isOurs: (finalName: string) => boolean, dir?: string): Promise<string[]> {
    const targetDir = this.dirFor(dir, 'folder clean-up');
    const names = await readdir(targetDir).catch(() => [] as string[]);
    const leftovers = names.filter((n) => {
      const final = finalNameOf(n);
      return final !== undefined && isOurs(final);
    });
    for (const n of leftovers) await rm(join(targetDir, n), { force: true });
    return leftovers;
  }
}
