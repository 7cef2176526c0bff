import type { Writable } from 'node:stream';
import type { Response } from 'express';

/**
 * Where a streamed file goes: the response body, named before its first byte, and a signal that aborts
 * when the client goes away (the response closes), so the database read behind it can stop.
 */
export interface FileDownload {
  body: Writable;
  signal: AbortSignal;
  /** Sets the type and the attachment's name; call it after validation, before writing. */
  attach(contentType: string, fileName: string): void;
}

export function fileDownload(res: Response): FileDownload {
  const gone = new AbortController();
  res.once('close', () => gone.abort());
  return {
    body: res,
    signal: gone.signal,
    attach(contentType, fileName) {
      res.setHeader('Content-Type', contentType);
      res.setHeader('Content-Disposition', `attachment; filename="${fileName}"`);
    },
  };
}
