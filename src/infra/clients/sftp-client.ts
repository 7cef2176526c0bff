import SftpClient from 'ssh2-sftp-client';
import type { SftpSettings } from '../../config/config.js';

/**
 * Opens an SFTP connection from config (password or private key). The caller must `end()` it.
 * Timeouts are short and explicit so an unreachable server fails a job instead of hanging it.
 */
export async function connectSftp(settings: SftpSettings, name = 'smartcrop'): Promise<SftpClient> {
  const client = new SftpClient(name);
  await client.connect({
    host: settings.host,
    port: settings.port,
    username: settings.username,
    password: settings.password,
    privateKey: settings.privateKey,
    readyTimeout: 10_000,
    retries: 0,
  });
  return client;
}
