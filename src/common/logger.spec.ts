import { Writable } from 'node:stream';
import type { LoggerService } from '@nestjs/common';
import pino from 'pino';
import { loadConfig } from '../config/config.js';
import { loggerOptions, quietNestBoot } from './logger.js';

function recorder() {
  const calls: [string, unknown[]][] = [];
  const at =
    (level: string) =>
    (...args: unknown[]) =>
      void calls.push([level, args]);
  const logger: LoggerService = { log: at('log'), error: at('error'), warn: at('warn'), debug: at('debug') };
  return { calls, logger };
}

describe('logger', () => {
  it("moves Nest's per-module and per-route boot lines to debug and passes everything else through", () => {
    const { calls, logger } = recorder();
    const quiet = quietNestBoot(logger);
    quiet.log('AppModule dependencies initialized', 'InstanceLoader');
    quiet.log('Mapped {/image/GetImageInfo, GET} route', 'RouterExplorer');
    quiet.log('ImageController {/image}:', 'RoutesResolver');
    quiet.log('Nest application successfully started', 'NestApplication');
    quiet.log('batch scheduled', 'ExportScheduler');
    quiet.warn('S3 down', 'Downloads');
    expect(calls.map(([level, args]) => `${level} ${String(args.at(-1))}`)).toEqual([
      'debug InstanceLoader',
      'debug RouterExplorer',
      'debug RoutesResolver',
      'debug NestApplication',
      'log ExportScheduler',
      'warn Downloads',
    ]);
  });

  it('writes the time as ISO-8601', () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const opts = loggerOptions(loadConfig({})).pinoHttp as pino.LoggerOptions;
    pino({ timestamp: opts.timestamp }, sink).info('hello');
    const time = (JSON.parse(lines[0]) as { time: unknown }).time;
    expect(typeof time).toBe('string');
    expect(new Date(time as string).toISOString()).toBe(time);
  });
});
