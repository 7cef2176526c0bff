import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SftpSettings } from '../../src/config/config.js';
import { ConfigError, loadConfig, parseSftpProxy } from '../../src/config/config.js';
import { connectSftp } from '../../src/infra/clients/sftp-client.js';
import { startSftpServer, type SftpFixture } from '../harness/sftp-server.js';
import { startSocksProxy, type SocksFixture } from '../harness/socks-proxy.js';

describe('SFTP through SFTP_PROXY (downloads and exports share connectSftp)', () => {
  let sftp: SftpFixture;
  let proxy: SocksFixture;
  const settings = (extra: Partial<SftpSettings> = {}): SftpSettings => ({
    host: sftp.host,
    port: sftp.port,
    username: sftp.username,
    password: sftp.password,
    inputDir: '/',
    outputDir: '/',
    auditDir: '/',
    ...extra,
  });

  // a name only the proxy resolves: the server is reachable through the proxy and nowhere else
  const hidden = 'sftp.behind-the-proxy.test';

  beforeAll(async () => {
    sftp = await startSftpServer();
    proxy = await startSocksProxy({ [hidden]: sftp.host });
    writeFileSync(join(sftp.root, 'PS_via_proxy.xlsx'), 'x');
  });
  afterAll(async () => {
    await Promise.all([sftp.stop(), proxy.close()]);
  });

  it('tunnels the SSH connection through the SOCKS proxy', async () => {
    await expect(connectSftp(settings({ host: hidden }))).rejects.toThrow(); // not reachable directly
    const client = await connectSftp(settings({ host: hidden, proxy: parseSftpProxy(proxy.url) }));
    try {
      const names = (await client.list('/')).map((f) => f.name);
      expect(names).toContain('PS_via_proxy.xlsx');
    } finally {
      await client.end();
    }
    expect(proxy.connects).toEqual([`${hidden}:${sftp.port}`]);
  });

  it('without a proxy, dials the server itself', async () => {
    const before = proxy.connects.length;
    const client = await connectSftp(settings());
    await client.end();
    expect(proxy.connects).toHaveLength(before);
  });

  it('fails, rather than hangs, when the proxy is unreachable, with an error that carries no credential', async () => {
    const dead = await startSocksProxy();
    await dead.close();
    const withSecret = dead.url.replace('socks5://', 'socks5://desk:proxy-s3cret@');
    const err: unknown = await connectSftp(settings({ proxy: parseSftpProxy(withSecret) })).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toMatch(/^SFTP proxy: /);
    // what a logger would serialise of it names no credential
    expect(JSON.stringify({ ...(err as object), message: (err as Error).message })).not.toContain('s3cret');
  });

  it('parses SFTP_PROXY once at boot, and stops on anything but a socks URL without echoing it', () => {
    const env = { NODE_ENV: 'test', SFTP_HOST: 'sftp.example.com', SFTP_USERNAME: 'u', SFTP_PASSWORD: 'p' };
    expect(
      loadConfig({ ...env, SFTP_PROXY: 'socks5://desk%40tv:p%3Aw@proxy.example.com:1081' }).sftp?.proxy,
    ).toEqual({ type: 5, host: 'proxy.example.com', port: 1081, userId: 'desk@tv', password: 'p:w' });
    expect(loadConfig({ ...env, SFTP_PROXY: 'socks4://10.0.0.9' }).sftp?.proxy).toEqual({
      type: 4,
      host: '10.0.0.9',
      port: 1080,
    });
    for (const bad of [
      'http://proxy.example.com:3128',
      'socks5://user:s3cret@proxy.example.com:70000',
      'socks5://user:s3cret@proxy.example.com:1080/path',
      'proxy.example.com:1080',
    ]) {
      let err: unknown;
      try {
        loadConfig({ ...env, SFTP_PROXY: bad });
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(ConfigError);
      expect((err as Error).message).toMatch(/^SFTP_PROXY: must look like socks5:\/\/host:port/);
      expect((err as Error).message).not.toContain('s3cret');
    }
  });
});
