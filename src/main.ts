import 'reflect-metadata';
import cluster from 'node:cluster';
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { createApp } from './app.factory.js';
import { clusterPlan, reportReady, startWorkers } from './cluster.js';
import { analysesImages, ConfigError, loadConfig, type AppConfig } from './config/config.js';
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

  // a cluster worker: the primary resolved the database and says where; it serves until SIGTERM
  if (cluster.isWorker) return serve(config, (app) => reportReady(address(app)));

  const resolved = await resolveDatabase(config, (line) => process.stdout.write(`${line}\n`));
  config = resolved.config;
  const embedded = resolved.embedded;
  const plan = clusterPlan(config);
  if (!plan) {
    return serve(
      config,
      (app) =>
        process.stdout.write(
          `${startupSummary({ config, address: address(app), embeddedHome: embedded?.home })}\n`,
        ),
      () => embedded?.stop(),
    );
  }

  let workers: Awaited<ReturnType<typeof startWorkers>> | undefined;
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    process.stdout.write(`${signal} received: stopping the workers\n`);
    await workers?.stop();
    await embedded?.stop();
    process.exit(0);
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void shutdown(signal));
  try {
    workers = await startWorkers(plan, config.database.url!, (line) => process.stdout.write(`${line}\n`));
  } catch (err) {
    await embedded?.stop();
    throw err;
  }
  const summary = startupSummary({ config, address: workers.address, embeddedHome: embedded?.home });
  const http =
    plan.http > 1
      ? `${plan.http} HTTP workers (node:cluster); worker 1 runs the sweeper and cron jobs`
      : '1 HTTP worker (node:cluster); it runs the sweeper and cron jobs';
  const analysis = plan.analysis
    ? `its own process (pid ${workers.analysisPid()}, nice ${plan.analysis.nice}, ANALYSIS_CONCURRENCY=${plan.analysis.concurrency}, ANALYSIS_CPU_SHARE=${plan.analysis.cpuShare}%)`
    : analysesImages(config)
      ? 'in HTTP worker 1'
      : 'off in this service';
  process.stdout.write(`${summary}\n  workers    ${http}\n  analysis   ${analysis}\n`);
}

const address = (app: NestExpressApplication) => app.getHttpServer().address() as AddressInfo;

/** This process serves HTTP until SIGINT/SIGTERM, then closes the app (requests in flight finish) and `after()`. */
async function serve(
  config: AppConfig,
  listening: (app: NestExpressApplication) => void,
  after: () => Promise<void> | undefined = () => undefined,
): Promise<void> {
  let app: NestExpressApplication | undefined;
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    if (!cluster.isWorker) process.stdout.write(`${signal} received: shutting down\n`);
    await app?.close();
    await after();
    process.exit(0);
  };
  // Nest's own shutdown hooks close the app; we also stop the embedded database after it.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void shutdown(signal));
  // a worker whose primary is gone stops too
  if (cluster.isWorker) process.once('disconnect', () => void shutdown('disconnect'));
  try {
    app = await createApp(config);
    // a worker process analyses images and serves no HTTP (PROCESS_ROLE=worker)
    if (config.analysis.role === 'worker') await app.init();
    else await app.listen(config.port, config.host);
  } catch (err) {
    await app?.close().catch(() => undefined);
    await after();
    throw err;
  }
  if (config.analysis.role === 'worker') {
    // in a cluster the primary's start-up block names this process; alone, it says so itself
    if (cluster.isWorker) reportReady();
    else {
      process.stdout.write(
        `SmartCrop analysis worker started (ANALYSIS_CONCURRENCY=${config.analysis.concurrency}); no HTTP listener\n`,
      );
    }
    return;
  }
  listening(app);
}

bootstrap().catch((err: unknown) => {
  const message = (err as { message?: unknown } | undefined)?.message;
  const text = typeof message === 'string' && message ? message : String(err);
  process.stderr.write(`Failed to start: ${text.split('\n')[0]}\n`);
  process.exit(1);
});
