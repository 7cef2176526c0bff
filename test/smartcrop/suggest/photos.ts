import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Box } from './composites.js';

/** A real photo committed under test/fixtures/photos/, with the subject box labelled by hand. */
export interface RealPhoto {
  name: string;
  jpeg: Buffer;
  width: number;
  height: number;
  /** What the box holds, in words (boxes.json). */
  what: string;
  subject: Box;
}

interface Entry {
  file: string;
  width: number;
  height: number;
  subject: string;
  box: Box;
}

/** The repository's root: up from this file until package.json (from test/ under jest, dist/test/ in a bench). */
function root(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('package.json not found above test/smartcrop/suggest');
    dir = up;
  }
  return dir;
}

export function realPhotos(): RealPhoto[] {
  const dir = join(root(), 'test', 'fixtures', 'photos');
  const entries = JSON.parse(readFileSync(join(dir, 'boxes.json'), 'utf8')) as Entry[];
  return entries.map((e) => ({
    name: e.file.replace(/\.jpg$/, ''),
    jpeg: readFileSync(join(dir, e.file)),
    width: e.width,
    height: e.height,
    what: e.subject,
    subject: e.box,
  }));
}
