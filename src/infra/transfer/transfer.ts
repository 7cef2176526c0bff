import { randomBytes } from 'node:crypto';

/**
 * Where export files go. Every implementation writes under a temporary name first and only then makes
 * the file visible under its final name, so a reader polling the destination never sees half a file.
 */
export abstract class Transfer {
  /** 'folder', 's3' or 'sftp': for logs and the ledger summary. */
  abstract readonly kind: string;

  /**
   * Uploads `localPath` as `remoteName` into `dir` (an SFTP directory, a subfolder of the export folder,
   * or a key prefix under the export prefix; the default destination when omitted). Retries transient
   * failures with backoff; throws TransferError when they are spent. Returns where the file landed.
   */
  abstract upload(localPath: string, remoteName: string, dir?: string): Promise<string>;

  /**
   * Deletes the temporary uploads (see partName) in `dir` whose final name `isOurs` accepts: what a process
   * killed mid-upload left behind. Call it holding the job's lock, so no upload of that job is in flight.
   * Returns the names removed.
   */
  abstract removeLeftovers(isOurs: (finalName: string) => boolean, dir?: string): Promise<string[]>;
}

export class TransferError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TransferError';
  }
}

const PART = /^\.(.+)\.[0-9a-f]{8}\.part$/;

/** The temporary name an upload of `remoteName` is written under before its rename: `.name.1a2b3c4d.part`. */
export const partName = (remoteName: string): string =>
  `.${remoteName}.${randomBytes(4).toString('hex')}.part`;

/** The final name a temporary upload name stands for (undefined for any other name). */
export const finalNameOf = (name: string): string | undefined => PART.exec(name)?.[1];
