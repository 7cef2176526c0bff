import type { Readable } from 'node:stream';

export interface StoredObject {
  key: string;
  /** Public URL: CDN_REWRITE_BASE_URL + key when set, else the backend's own URL. */
  url: string;
  size: number;
}

/**
 * Where rendition files live: S3 (any S3-compatible endpoint) when S3_BUCKET is set, else the local
 * disk under STORAGE_DIR, served read-only at /files/. Keys are `{provider}/{ProgramId}/{ImageId}/{AspectRatioId}-{random}.{ext}`
 * (storage-key.ts): a new name per save, so a save never overwrites the object a row points at.
 * Injected by this abstract class, so a service test can swap it and a medium test uses the real one.
 */
export abstract class Storage {
  abstract put(key: string, body: Buffer, contentType: string): Promise<StoredObject>;
  abstract get(key: string): Promise<Buffer>;
  abstract getStream(key: string): Promise<Readable>;
  abstract exists(key: string): Promise<boolean>;
  /** Deleting a missing key is not an error. */
  abstract delete(key: string): Promise<void>;
  abstract publicUrl(key: string): string;
  /**
   * The key behind a URL that points at this storage (its own URL or the CDN in front of it), so a
   * source image we host ourselves is read from storage instead of fetched over HTTP; undefined otherwise.
   */
  abstract keyFromUrl(url: string): string | undefined;
}

/** Thrown by a storage backend when it cannot be reached or refuses the operation (an outage, not a bug). */
export class StorageUnavailableError extends Error {}

/** Thrown by get/getStream for a key that holds no object. */
export class StorageNotFoundError extends Error {}
