import express from 'express';
import type { RequestHandler } from 'express';
import { FILES_ROUTE } from './disk.storage.js';

/**
 * Serves STORAGE_DIR read-only: GET/HEAD of existing files with their content type, no directory
 * listing, no index files, no dotfiles. Anything else falls through to the normal 404 envelope.
 */
export function filesMiddleware(root: string): RequestHandler {
  const serve = express.static(root, {
    index: false,
    redirect: false,
    dotfiles: 'deny',
    fallthrough: true,
    immutable: false,
    maxAge: '1h',
  });
  return (req, res, next) => {
    const url = req.originalUrl;
    if ((req.method !== 'GET' && req.method !== 'HEAD') || !url.startsWith(`${FILES_ROUTE}/`)) return next();
    // however the router mounted us, express.static resolves the path below the storage root; on a miss
    // the URL is put back, since the router re-prefixes its mount path onto whatever req.url then holds
    const mounted = req.url;
    req.url = url.slice(FILES_ROUTE.length);
    serve(req, res, (err?: unknown) => {
      req.url = mounted;
      next(err);
    });
  };
}
