import { Logger } from '@nestjs/common';
import type { Socket } from 'node:net';
import { SocksClient } from 'socks';
import SftpClient from 'ssh2-sftp-client';
import type { SftpSettings, SocksProxySettings } from '../../config/config.js';

const TIMEOUT_MS = 10_000;
const logger = new Logger('SftpClient');

/**
 * The library's default listeners console.log every connection's end and close ("Global end listener")
 * outside the structured log: those are normal after end(), so debug; an unhandled error is a warning.
 */
export const SFTP_LISTENERS = {
  error: (err: unknown) =>
    logger.warn({ err: err instanceof Error ? err.message : String(err) }, 'SFTP connection error'),
  end: () => logger.debug('SFTP connection ended'),
  close: () => logger.debug('SFTP connection closed'),
};

/** A TCP tunnel to host:port through the SOCKS proxy. */
async function openTunnel(proxy: SocksProxySettings, host: string, port: number): Promise<Socket> {
  try {
    const { socket } = await SocksClient.createConnection({
      proxy,
      command: 'connect',
      destination: { host, port },
      timeout: TIMEOUT_MS,
    });
    return socket;
  } catch (err) {
    // the library's error carries its options, the proxy's password among them: only the message goes on
    // eslint-disable-next-line preserve-caught-error -- attaching it as the cause would log that password
    throw new Error(`SFTP proxy: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/**
 * Opens an SFTP connection from config (password or private key), through the SOCKS proxy when
 * `SFTP_PROXY` is set: ssh2 then speaks over the proxy's tunnel (its `sock` option) instead of dialing
 * itself. The caller must `end()` it. Timeouts are short and explicit so an unreachable server or proxy
 * fails a job instead of hanging it.
 */
export async function connectSftp(settings: SftpSettings, name = 'smartcrop'): Promise<SftpClient> {
  const sock = settings.proxy ? await openTunnel(settings.proxy, settings.host, settings.port) : undefined;
  const client = new SftpClient(name, SFTP_LISTENERS);
  try {
    await client.connect({
      host: settings.host,
      port: settings.port,
      username: settings.username,
      password: settings.password,
      privateKey: settings.privateKey,
      readyTimeout: TIMEOUT_MS,
      retries: 0,
      ...(sock ? { sock } : {}),
    });
  } catch (err) {
    sock?.destroy();
    throw err;
  }
  return client;
}
