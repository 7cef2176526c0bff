import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sendAt } from 'cron';
import type { AppConfig } from './config/config.js';

/** This package's version, from the package.json above this file (src/ in tests, dist/src/ when built). */
export function serviceVersion(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 4; i++, dir = dirname(dir)) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
        name?: string;
        version?: string;
      };
      if (pkg.name === 'smartcrop-service') return pkg.version ?? 'unknown';
    } catch {
      // not here: one folder up
    }
  }
  return 'unknown';
}

/** The address as bound, and a URL to reach it from this machine (a wildcard bind is reached on localhost). */
export function boundAddress(address: AddressInfo): { bound: string; url: string } {
  const wildcard = address.address === '::' || address.address === '0.0.0.0';
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const bound = wildcard ? `${host}:${address.port} (all interfaces)` : `${host}:${address.port}`;
  return { bound, url: `http://${wildcard ? 'localhost' : host}:${address.port}` };
}

/** A database URL reduced to host, port and database: never the user or password. */
export function databaseWhere(url: string): string {
  try {
    const u = new URL(url);
    return `PostgreSQL at ${u.hostname}:${u.port || '5432'}${u.pathname}`;
  } catch {
    return 'PostgreSQL at an address that is not a URL';
  }
}

function cronLine(name: string, expression: string): string {
  if (!expression.trim()) return `${name} off`;
  return `${name} "${expression}" next ${sendAt(expression).toUTC().toISO({ suppressMilliseconds: true })}`;
}

export interface StartupFacts {
  config: AppConfig;
  address: AddressInfo;
  /** Where the embedded cluster lives, when the service started one. */
  embeddedHome?: string;
}

/** The start-up block: what runs, where, and what it talks to. Lines never carry credentials. */
export function startupSummary(f: StartupFacts): string {
  const { config } = f;
  const { bound, url } = boundAddress(f.address);
  const s3 = config.storage.s3;
  const sftp = config.sftp;
  const rows: [string, string][] = [
    ['listening', `${bound}, ${url}`],
    ['docs', `${url}/docs`],
    [
      'database',
      f.embeddedHome ? `embedded PostgreSQL at ${f.embeddedHome}` : databaseWhere(config.database.url ?? ''),
    ],
    [
      'storage',
      s3
        ? `S3 bucket ${s3.bucket}${s3.prefix ? `/${s3.prefix}` : ''}${s3.endpoint ? ` at ${new URL(s3.endpoint).host}` : ''}`
        : `disk at ${config.storage.dir}`,
    ],
    ['SFTP', sftp ? `on, ${sftp.host}:${sftp.port}${sftp.proxy ? ' through a proxy' : ''}` : 'off'],
    [
      'cron (UTC)',
      [
        cronLine('batch', config.exports.batchCron),
        cronLine('dump', config.exports.dumpCron),
        cronLine('filewatcher', config.filewatcher.cron),
      ].join('; '),
    ],
  ];
  const head = `SmartCrop ${serviceVersion()} on Node ${process.version} (${config.env})`;
  return [head, ...rows.map(([k, v]) => `  ${k.padEnd(11)}${v}`)].join('\n');
}
