import 'reflect-metadata';
import { existsSync } from 'node:fs';
import { createApp } from './app.factory.js';
import { ConfigError, loadConfig, type AppConfig } from './config/config.js';
import { resolveDatabase } from './infra/database/resolve-database.js';

async function bootstrap(): Promise<void> {
  // A local `.env` is read when present; real environment variables win.
  if (existsSync('.env')) process.loadEnvFile('.env');
  let config: AppConfig;
  try {
    config = loadConfig(process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`Configuration error: ${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }

  const resolved = await resolveDatabase(config, (line) => process.stdout.write(`${line}\n`));
  config = resolved.config;
  const embedded = resolved.embedded;

  const app = await createApp(config);
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    process.stdout.write(`${signal} received: shutting down\n`);
    await app.close();
    await embedded?.stop();
    process.exit(0);
  };
  // Nest's own shutdown hooks close the app; we also stop the embedded database after it.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void shutdown(signal));

  await app.listen(config.port, config.host);
  process.stdout.write(`SmartCrop listening on ${await app.getUrl()} (docs at /docs)\n`);
}

bootstrap().catch((err: unknown) => {
  process.stderr.write(`Failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
