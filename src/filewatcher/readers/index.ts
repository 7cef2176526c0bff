import type { ProviderReader } from '../../config/config.js';
import { emailReader } from './email.reader.js';
import { pressSiteReader } from './press-site.reader.js';
import type { ManifestReader } from './reader.js';
import { slingReader } from './sling.reader.js';
import { tmdbReader } from './tmdb.reader.js';

export const READERS: Record<ProviderReader, ManifestReader> = {
  pressSite: pressSiteReader,
  tmdb: tmdbReader,
  sling: slingReader,
  email: emailReader,
};

/** The reader whose configured prefix starts the file name (case-insensitive), if any. */
export function readerFor(
  fileName: string,
  prefixes: { prefix: string; reader: ProviderReader }[],
): ManifestReader | undefined {
  const name = fileName.toLowerCase();
  const match = prefixes.find((p) => name.startsWith(p.prefix.toLowerCase()));
  return match && READERS[match.reader];
}
