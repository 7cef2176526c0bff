import { createReadStream, readFile as readFileCallback, writeFile as writeFileCallback } from 'node:fs';
import { mkdir, rename, stat, unlink } from 'node:fs/promises';
import { dirname, resolve, sep } from 'node:path';
import type { Readable } from 'node:stream';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import type { AppConfig } from '../../config/config.js';
import { joinUrl } from './cdn.js';
import { Storage, StorageNotFoundError, type StoredObject } from './storage.js';

/**
 * fs's callback writeFile and readFile, as promises: the ones of fs/promises go through a FileHandle (open,
 * stat, read or write and close each a promise of its own): about four times the main-thread time per file
 * written, and a save writes five; 1.2–1.7× per file read (125 renditions of 75 KB: 14–19 vs 12 ms of event
 * loop), and a QA read of a programme reads its every rendition.
 */
const writeFile = promisify(writeFileCallback);
const readFile = promisify(readFileCallback);

/** The URL path the disk storage is served under (read-only, see files.middleware.ts). */
export const FILES_ROUTE = '/files';

/**
 * Renditions on the local disk under STORAGE_DIR (the embedded default). Writes go to a temp name and
 * are renamed into place, so a reader never sees half a file.
 */
export class DiskStorage extends Storage {
  private readonly root: string;

  constructor(private readonly config: AppConfig) {
    super();
    this.root = resolve(config.storage.dir);
  }

  /** Keys are relative paths; anything escaping the root is refused rather than resolved. */
  private pathOf(key: string): string {
    const path = resolve(this.root, key);
    if (!path.startsWith(this.root + sep)) throw new Error(`Storage key outside the storage root: ${key}`);
    return path;
  }

  async put(key: string, body: Buffer, _contentType: string): Promise<StoredObject> {
    const path = this.pathOf(key);
    const tmp = `${path}.${randomBytes(4).toString('hex')}.tmp`;
    // the folder is made when the first write into it finds none (a save writes five files into one)
    await writeFile(tmp, body).catch(async (err: NodeJS.ErrnoException) => {
      if (err.code !== 'ENOENT') throw err;
      await mkdir(dirname(path), { recursive: true });
      await writeFile(tmp, body);
    });
    await rename(tmp, path);
    return { key, url: this.publicUrl(key), size: body.length };
  }

  async get(key: string): Promise<Buffer> {
    try {
      return await readFile(this.pathOf(key));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new StorageNotFoundError(key);
      throw err;
    }
  }

  async getStream(key: string): Promise<Readable> {
    if (!(await this.exists(key))) throw new StorageNotFoundError(key);
    return createReadStream(this.pathOf(key));
  }

  async exists(key: string): Promise<boolean> {
    try {
      return (await stat(this.pathOf(key))).isFile();
    } catch {
      return false;
    }
  }

  /** Removes one object's file (a missing one is fine); `unlink`, not `rm`, which stats first. */
  async delete(key: string): Promise<void> {
    await unlink(this.pathOf(key)).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== 'ENOENT') throw err;
    });
  }

  private ownBase(): string {
    return `${this.config.storage.publicBaseUrl}${FILES_ROUTE}`;
  }

  publicUrl(key: string): string {
    return joinUrl(this.config.cdn.rewriteBaseUrl ?? this.ownBase(), key);
  }

  keyFromUrl(url: string): string | undefined {
    for (const base of [this.config.cdn.rewriteBaseUrl, this.ownBase()]) {
      if (base && url.startsWith(`${base.replace(/\/+$/, '')}/`)) {
        return decodeURIComponent(url.slice(base.replace(/\/+$/, '').length + 1).split('?')[0]);
      }
    }
    return undefined;
  }
}
