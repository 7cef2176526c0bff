import { loadConfig } from './config/config.js';
import { boundAddress, startupSummary } from './startup-summary.js';

describe('start-up summary', () => {
  it('names the address actually bound: a wildcard bind says all interfaces and is reached on localhost', () => {
    expect(boundAddress({ address: '::', family: 'IPv6', port: 3000 })).toEqual({
      bound: '[::]:3000 (all interfaces)',
      url: 'http://localhost:3000',
    });
    expect(boundAddress({ address: '127.0.0.1', family: 'IPv4', port: 8080 })).toEqual({
      bound: '127.0.0.1:8080',
      url: 'http://127.0.0.1:8080',
    });
  });

  it('shows the embedded cluster, disk storage, SFTP off, each cron with its next run, and /docs', () => {
    const config = loadConfig({
      BATCHJOB_CRON: '0 2 * * *',
      DUMPDATA_CRON: '',
      FILEWATCHER_CRON: '*/5 * * * *',
    });
    const text = startupSummary({
      config,
      address: { address: '0.0.0.0', family: 'IPv4', port: 4321 },
      embeddedHome: '/var/lib/smartcrop/clusters/x',
    });
    const lines = text.split('\n');
    expect(lines[0]).toMatch(/^SmartCrop \d+\.\d+\.\d+ on Node v\d+/);
    expect(text).toContain('0.0.0.0:4321 (all interfaces), http://localhost:4321');
    expect(text).toContain('docs       http://localhost:4321/docs');
    expect(text).toContain('database   embedded PostgreSQL at /var/lib/smartcrop/clusters/x');
    expect(text).toContain(`storage    disk at ${config.storage.dir}`);
    expect(text).toContain('SFTP       off');
    expect(text).toMatch(/batch "0 2 \* \* \*" next \d{4}-\d\d-\d\dT02:00:00Z/);
    expect(text).toContain('dump off');
    expect(text).toMatch(/filewatcher "\*\/5 \* \* \* \*" next \d{4}-\d\d-\d\dT\d\d:\d[05]:00Z/);
    expect(lines.length).toBeLessThanOrEqual(8);
  });

  it('names an external database, S3 and SFTP by host only, never with credentials', () => {
    const config = loadConfig({
      DATABASE_URL: 'postgres://app:s3cret-pw@db.internal:6432/smartcrop?sslmode=require',
      S3_BUCKET: 'renditions',
      S3_ENDPOINT: 'http://minio:9000',
      S3_ACCESS_KEY_ID: 'AKIAKEY',
      S3_SECRET_ACCESS_KEY: 'very-secret-key',
      SFTP_HOST: 'sftp.example',
      SFTP_USERNAME: 'desk',
      SFTP_PASSWORD: 'sftp-pw',
    });
    const text = startupSummary({ config, address: { address: '::', family: 'IPv6', port: 3000 } });
    expect(text).toContain('database   PostgreSQL at db.internal:6432/smartcrop');
    expect(text).toContain('storage    S3 bucket renditions at minio:9000');
    expect(text).toContain('SFTP       on, sftp.example:22');
    for (const secret of ['s3cret-pw', 'app:', 'AKIAKEY', 'very-secret-key', 'sftp-pw', 'sslmode', 'desk'])
      expect(text).not.toContain(secret);
  });
});
