import type { AppConfig } from '../../config/config.js';
import { startEmbeddedPostgres, type EmbeddedDatabase } from './embedded-postgres.js';

/**
 * Without DATABASE_URL (development), starts the embedded PostgreSQL and points the config at it.
 * Shared by the server (src/main.ts) and the job CLI (src/cli.ts). The caller stops `embedded`;
 * a failure to start it is one EmbeddedPostgresError line.
 */
export async function resolveDatabase(
  config: AppConfig,
  say: (line: string) => void,
): Promise<{ config: AppConfig; embedded?: EmbeddedDatabase }> {
  if (config.database.url) return { config };
  say(`No DATABASE_URL: starting the embedded PostgreSQL for ${config.database.embeddedDir}`);
  const embedded = await startEmbeddedPostgres(config.database.embeddedDir, config.database.embeddedPort);
  for (const note of embedded.notes) say(note);
  return { config: { ...config, database: { ...config.database, url: embedded.url } }, embedded };
}
