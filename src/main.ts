import 'reflect-metadata';
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { createApp } from './app.factory.js';
import { ConfigError, loadConfig, type AppConfig } from './config/config.js';
import { resolveDatabase } from './infra/database/resolve-database.js';
import { startupSummary } from './startup-summary.js';

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

  let app: Awaited<ReturnType<typeof createApp>> | undefined;
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    process.stdout.write(`${signal} received: shutting down\n`);
    await app?.close();
    await embedded?.stop();
    process.exit(0);
  };
  // Nest's own shutdown hooks close the app; we also stop the embedded database after it.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void shutdown(signal));

  try {
    app = await createApp(config);
    // a worker process analyses images and serves no HTTP (PROCESS_ROLE=worker)
    if (config.analysis.role === 'worker') await app.init();
    else await app.listen(config.port, config.host);
  } catch (err) {
    await app?.close().catch(() => undefined);
    await embedded?.stop();
    throw err;
  }
  if (config.analysis.role === 'worker') {
    process.stdout.write(
      `SmartCrop analysis worker started (ANALYSIS_CONCURRENCY=${config.analysis.concurrency}); no HTTP listener\n`,
    );
    return;
  }
  const address = app.getHttpServer().address() as AddressInfo;
  process.stdout.write(`${startupSummary({ config, address, embeddedHome: embedded?.home })}\n`);
}

bootstrap().catch((err: unknown) => {
  const message = (err as { message?: unknown } | undefined)?.message;
  const text = typeof message === 'string' && message ? message : String(err);
  process.stderr.write(`Failed to start: ${text.split('\n')[0]}\n`);
  process.exit(1);
});
