import { Readable } from 'node:stream';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import SftpClient from 'ssh2-sftp-client';
import { SFTP_LISTENERS } from '../../src/infra/clients/sftp-client.js';
import { startSftpServer, type SftpFixture } from './sftp-server.js';

describe('the SFTP fixture', () => {
  let sftp: SftpFixture;
  const connect = async () => {
    const c = new SftpClient('fixture-test', SFTP_LISTENERS);
    await c.connect({
      host: sftp.host,
      port: sftp.port,
      username: sftp.username,
      password: sftp.password,
      retries: 0,
      readyTimeout: 3000,
    });
    return c;
  };

  beforeAll(async () => {
    sftp = await startSftpServer();
  });
  afterAll(() => sftp.stop());

  it('puts, lists, stats, gets, renames and deletes files inside its root', async () => {
    const c = await connect();
    try {
      await c.mkdir('/out/deep', true);
      await c.put(Buffer.from('hello'), '/out/deep/a.txt');
      await c.put(Readable.from([Buffer.from('str'), Buffer.from('eam')]), '/out/deep/b.txt');
      expect((await c.list('/out/deep')).map((e) => e.name).sort()).toEqual(['a.txt', 'b.txt']);
      expect((await c.stat('/out/deep/a.txt')).size).toBe(5);
      expect(await c.exists('/out/deep/a.txt')).toBe('-');
      expect(await c.exists('/out/nope.txt')).toBe(false);
      expect(((await c.get('/out/deep/b.txt')) as Buffer).toString()).toBe('stream');
      await c.rename('/out/deep/a.txt', '/out/deep/c.txt');
      expect(readFileSync(join(sftp.root, 'out/deep/c.txt'), 'utf8')).toBe('hello');
      await c.delete('/out/deep/c.txt');
      expect(existsSync(join(sftp.root, 'out/deep/c.txt'))).toBe(false);
      await expect(c.get('/../../etc/passwd')).rejects.toThrow();
      expect(existsSync(join(sftp.root, 'etc'))).toBe(false);
    } finally {
      await c.end();
    }
  });

  it('refuses a wrong password', async () => {
    const c = new SftpClient('fixture-test', SFTP_LISTENERS);
    await expect(
      c.connect({ host: sftp.host, port: sftp.port, username: sftp.username, password: 'wrong', retries: 0 }),
    ).rejects.toThrow();
  });

  it('simulates an outage with suspend() and recovers with resume()', async () => {
    sftp.suspend();
    await expect(connect()).rejects.toThrow();
    sftp.resume();
    const c = await connect();
    await c.put(Buffer.from('back'), '/back.txt');
    await c.end();
    expect(readFileSync(join(sftp.root, 'back.txt'), 'utf8')).toBe('back');
  });
});
