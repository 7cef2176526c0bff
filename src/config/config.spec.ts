import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from './config.js';

describe('loadConfig', () => {
  it('gives working defaults with an empty environment (the embedded default)', () => {
    const c = loadConfig({});
    expect(c.env).toBe('development');
    expect(c.port).toBe(3000);
    expect(c.database.url).toBeUndefined();
    expect(c.database.embeddedDir).toMatch(/\.data\/pg$/);
    expect(c.storage.s3).toBeUndefined();
    expect(c.sftp).toBeUndefined();
    expect(c.exports.target).toBe('folder');
    expect(c.workflow).toMatchObject({
      lockTtlMinutes: 120,
      lockBatchMax: 25,
      maxCropBytes: 15 * 1024 * 1024,
    });
    expect(c.filewatcher.prefixes).toEqual([
      { prefix: 'PS_', reader: 'pressSite' },
      { prefix: 'TMDB_', reader: 'tmdb' },
      { prefix: 'SLING_', reader: 'sling' },
      { prefix: 'EMAIL_', reader: 'email' },
    ]);
  });

  it.each([
    [{ LOCK_TTL_MINUTES: 'abc' }, /^LOCK_TTL_MINUTES: /],
    [{ PORT: '70000' }, /^PORT: /],
    [{ DATABASE_URL: 'mysql://db/x' }, /^DATABASE_URL: must be a postgres:\/\/ URL$/],
    [{ JWT_SECRET: 'short' }, /^JWT_SECRET: must be at least 32 characters$/],
    [{ FILEWATCHER_PREFIXES: 'PS_=nope' }, /^FILEWATCHER_PREFIXES: unknown reader "nope"/],
    [{ EXPORT_TARGET: 'sftp' }, /^EXPORT_TARGET: is sftp but SFTP_HOST is not set$/],
    [{ SFTP_HOST: 'h' }, /^SFTP_USERNAME: /],
    [{ NODE_ENV: 'production' }, /^JWT_SECRET: is required when NODE_ENV=production$/],
    [{ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(32) }, /^ADMIN_EMAIL: /],
    [{ TRUST_PROXY: 'nginx' }, /^TRUST_PROXY: "nginx" is not an address/],
    [{ TRUST_PROXY: '10.0.0.0/33' }, /^TRUST_PROXY: "10.0.0.0\/33" /],
    [{ TRUST_PROXY: 'loopback,10.0.0.300' }, /^TRUST_PROXY: "10.0.0.300" /],
    [{ PROCESS_ROLE: 'worker', WEB_CONCURRENCY: '2' }, /^WEB_CONCURRENCY: .*PROCESS_ROLE=worker/],
  ])('stops on %j with one line naming the variable', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('runs an analysis worker (PROCESS_ROLE=worker, no HTTP) as one process, in production too', () => {
    const prod = { NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(32), DATABASE_URL: 'postgres://db/x' };
    const env = { ...prod, ADMIN_EMAIL: 'a@b.c', ADMIN_PASSWORD: 'a-long-admin-password-1' };
    expect(loadConfig({ ...env, PROCESS_ROLE: 'worker' }).webConcurrency).toBe(1);
    expect(loadConfig({ ...env, PROCESS_ROLE: 'worker', WEB_CONCURRENCY: '1' }).webConcurrency).toBe(1);
    expect(loadConfig({ ...env, WEB_CONCURRENCY: '3' }).webConcurrency).toBe(3);
  });

  it.each([
    [undefined, false],
    ['', false],
    ['false', false],
    ['TRUE', true],
    ['2', 2],
    [' Loopback , 10.0.0.0/8, 192.168.1.7, fd00::/8 ', ['loopback', '10.0.0.0/8', '192.168.1.7', 'fd00::/8']],
  ])('reads TRUST_PROXY=%j as Express trust proxy %j', (raw, expected) => {
    expect(loadConfig(raw === undefined ? {} : { TRUST_PROXY: raw }).trustProxy).toEqual(expected);
  });

  it('reads secrets from *_FILE and decodes the legacy base64: form', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cfg-'));
    try {
      writeFileSync(join(dir, 'pw'), 's3cret-from-file\n');
      const c = loadConfig({
        SFTP_HOST: 'sftp.example',
        SFTP_USERNAME: 'u',
        SFTP_PASSWORD_FILE: join(dir, 'pw'),
        JWT_SECRET: `base64:${Buffer.from('y'.repeat(40)).toString('base64')}`,
      });
      expect(c.sftp?.password).toBe('s3cret-from-file');
      expect(c.auth.jwtSecret).toBe('y'.repeat(40));
      expect(c.exports.target).toBe('sftp');
      expect(() => loadConfig({ SFTP_PASSWORD_FILE: join(dir, 'missing') })).toThrow(/^SFTP_PASSWORD_FILE: /);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
