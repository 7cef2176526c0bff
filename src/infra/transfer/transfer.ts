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
}

export class TransferError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TransferError';
  }
}
