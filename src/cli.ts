import 'reflect-metadata';
import { existsSync } from 'node:fs';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { quietNestBoot } from './common/logger.js';
import { AppModule } from './app.module.js';
import { ConfigError, loadConfig } from './config/config.js';
import { resolveDatabase } from './infra/database/resolve-database.js';
import { JobRegistry, type JobArgs } from './scheduler/job-registry.js';

const USAGE = 'usage: npm run job -- batch | dump [--date-range N] | ingest | analyse --stale';

function parseArgs(argv: string[]): { job: string; args: JobArgs } | string {
  const [job, ...rest] = argv;
  if (!job) return USAGE;
  const args: JobArgs = {};
  for (let i = 0; i < rest.length; i++) {
    const flag = rest[i];
    if (flag === '--stale') {
      args.stale = true;
      continue;
    }
    const value = flag.includes('=') ? flag.split('=')[1] : rest[++i];
    if (flag.startsWith('--date-range')) {
      const n = Number(value);
      if (!Number.isInteger(n) || n < 1 || n > 30) return '--date-range must be a whole number from 1 to 30';
      args.dateRange = n;
    } else return `unknown option ${flag}\n${USAGE}`;
  }
  if (job === 'analyse' && !args.stale) return `analyse needs --stale\n${USAGE}`;
  return { job, args };
}

/** `npm run job -- <name>`: one run of a job in a short-lived process, recorded in the ledger as 'cli'. */
async function main(): Promise<number> {
  const parsed = parseArgs(process.argv.slice(2));
  if (typeof parsed === 'string') {
    process.stderr.write(`${parsed}\n`);
    return 1;
  }
  if (existsSync('.env')) process.loadEnvFile('.env');
  let config;
  try {
    // no cron and no analysis worker in a CLI process: it runs the one job asked for and exits
    config = loadConfig({
      ...process.env,
      BATCHJOB_CRON: '',
      DUMPDATA_CRON: '',
      FILEWATCHER_CRON: '',
      ANALYSIS_CONCURRENCY: '0',
    });
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`Configuration error: ${err.message}\n`);
      return 1;
    }
    throw err;
  }
  const resolved = await resolveDatabase(config, (line) => process.stdout.write(`${line}\n`));
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(resolved.config), {
    bufferLogs: true,
  });
  app.useLogger(quietNestBoot(app.get(Logger)));
  try {
    const handler = app.get(JobRegistry).get(parsed.job);
    if (!handler) {
      process.stderr.write(`unknown job '${parsed.job}'\n${USAGE}\n`);
      return 1;
    }
    const report = await handler('cli', null, parsed.args);
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    return 0;
  } catch (err) {
    process.stderr.write(`${parsed.job} failed: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  } finally {
    await app.close();
    await resolved.embedded?.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
