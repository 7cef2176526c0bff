import { mkdtempSync, rmSync, type Stats } from 'node:fs';
import {
  mkdir,
  open,
  readdir,
  realpath,
  rename,
  rm,
  rmdir,
  stat,
  lstat,
  type FileHandle,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, posix, resolve, sep } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import ssh2, { type Attributes, type Connection, type SFTPWrapper } from 'ssh2';

const { Server, utils } = ssh2;
const { STATUS_CODE, flagsToString } = utils.sftp;

export interface SftpFixture {
  host: string;
  port: number;
  username: string;
  password: string;
  /** Absolute temp dir served as the SFTP root '/'. */
  root: string;
  /** Environment for the app: SFTP settings pointing at this server. */
  env(): Record<string, string>;
  /** Drops every connection and refuses new ones (an outage) until resume(). */
  suspend(): void;
  resume(): void;
  stop(): Promise<void>;
}

type Handle = { kind: 'file'; fh: FileHandle } | { kind: 'dir'; path: string; listed: boolean };

function toAttrs(s: Stats): Attributes {
  return {
    mode: s.mode,
    uid: s.uid,
    gid: s.gid,
    size: s.size,
    atime: Math.floor(s.atimeMs / 1000),
    mtime: Math.floor(s.mtimeMs / 1000),
  };
}

function statusOf(err: unknown): number {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return STATUS_CODE.NO_SUCH_FILE;
  if (code === 'EACCES' || code === 'EPERM' || code === 'ESCAPE') return STATUS_CODE.PERMISSION_DENIED;
  return STATUS_CODE.FAILURE;
}

/**
 * A real SFTP server (the `ssh2` package's Server) on loopback, serving a temp dir, for tests of code
 * that talks to SFTP through ssh2-sftp-client. Password auth only; every client path is confined to
 * the root. suspend() simulates an outage: live sessions drop, new ones are refused.
 */
export async function startSftpServer(
  opts: { username?: string; password?: string } = {},
): Promise<SftpFixture> {
  const root = mkdtempSync(join(tmpdir(), 'smartcrop-sftp-'));
  const username = opts.username ?? 'tester';
  const password = opts.password ?? randomBytes(9).toString('hex');
  const hostKey = utils.generateKeyPairSync('ed25519').private;
  const clients = new Set<Connection>();
  let suspended = false;

  /** Maps a client path ('/a/b', 'a/b', '.') to a local path under root, refusing escapes. */
  const local = (p: string): string => {
    const normal = posix.normalize(posix.join('/', p || '.'));
    const full = resolve(root, '.' + normal);
    if (full !== root && !full.startsWith(root + sep))
      throw Object.assign(new Error('escape'), { code: 'ESCAPE' });
    return full;
  };
  const remote = (full: string): string =>
    '/' +
    full
      .slice(root.length + 1)
      .split(sep)
      .join('/');

  const serve = (sftp: SFTPWrapper) => {
    const handles = new Map<number, Handle>();
    let next = 1;
    const newHandle = (h: Handle): Buffer => {
      const id = next++;
      handles.set(id, h);
      const buf = Buffer.alloc(4);
      buf.writeUInt32BE(id);
      return buf;
    };
    const getHandle = (buf: Buffer): Handle | undefined =>
      buf.length === 4 ? handles.get(buf.readUInt32BE(0)) : undefined;
    // every request answers exactly once: a thrown error becomes a status
    const answer = (reqId: number, work: () => Promise<void>) => {
      work().catch((err: unknown) => sftp.status(reqId, statusOf(err)));
    };
    const ok = (reqId: number) => sftp.status(reqId, STATUS_CODE.OK);

    sftp.on('OPEN', (reqId, filename, flags) =>
      answer(reqId, async () => {
        const mode = flagsToString(flags);
        if (!mode) return sftp.status(reqId, STATUS_CODE.OP_UNSUPPORTED);
        const fh = await open(local(filename), mode);
        sftp.handle(reqId, newHandle({ kind: 'file', fh }));
      }),
    );
    sftp.on('READ', (reqId, handle, offset, len) =>
      answer(reqId, async () => {
        const h = getHandle(handle);
        if (h?.kind !== 'file') return sftp.status(reqId, STATUS_CODE.FAILURE);
        const buf = Buffer.alloc(len);
        const { bytesRead } = await h.fh.read(buf, 0, len, offset);
        if (bytesRead === 0) return sftp.status(reqId, STATUS_CODE.EOF);
        sftp.data(reqId, buf.subarray(0, bytesRead));
      }),
    );
    sftp.on('WRITE', (reqId, handle, offset, data) =>
      answer(reqId, async () => {
        const h = getHandle(handle);
        if (h?.kind !== 'file') return sftp.status(reqId, STATUS_CODE.FAILURE);
        await h.fh.write(data, 0, data.length, offset);
        ok(reqId);
      }),
    );
    sftp.on('FSTAT', (reqId, handle) =>
      answer(reqId, async () => {
        const h = getHandle(handle);
        if (!h) return sftp.status(reqId, STATUS_CODE.FAILURE);
        sftp.attrs(reqId, toAttrs(h.kind === 'file' ? await h.fh.stat() : await stat(h.path)));
      }),
    );
    sftp.on('CLOSE', (reqId, handle) =>
      answer(reqId, async () => {
        const h = getHandle(handle);
        if (!h) return sftp.status(reqId, STATUS_CODE.FAILURE);
        handles.delete(handle.readUInt32BE(0));
        if (h.kind === 'file') await h.fh.close();
        ok(reqId);
      }),
    );
    sftp.on('OPENDIR', (reqId, path) =>
      answer(reqId, async () => {
        const full = local(path);
        if (!(await stat(full)).isDirectory()) return sftp.status(reqId, STATUS_CODE.FAILURE);
        sftp.handle(reqId, newHandle({ kind: 'dir', path: full, listed: false }));
      }),
    );
    sftp.on('READDIR', (reqId, handle) =>
      answer(reqId, async () => {
        const h = getHandle(handle);
        if (h?.kind !== 'dir') return sftp.status(reqId, STATUS_CODE.FAILURE);
        if (h.listed) return sftp.status(reqId, STATUS_CODE.EOF);
        h.listed = true;
        const names = await readdir(h.path);
        const entries = await Promise.all(
          names.map(async (filename) => {
            const s = await lstat(join(h.path, filename));
            const type = s.isDirectory() ? 'd' : '-';
            return {
              filename,
              longname: `${type}rw-r--r-- 1 ${username} ${username} ${s.size} Jan 1 00:00 ${filename}`,
              attrs: toAttrs(s),
            };
          }),
        );
        if (entries.length === 0) return sftp.status(reqId, STATUS_CODE.EOF);
        sftp.name(reqId, entries);
      }),
    );
    const statHandler = (fn: typeof stat) => (reqId: number, path: string) =>
      answer(reqId, async () => sftp.attrs(reqId, toAttrs(await fn(local(path)))));
    sftp.on('STAT', statHandler(stat));
    sftp.on('LSTAT', statHandler(lstat));
    sftp.on('SETSTAT', (reqId, path) => answer(reqId, async () => (await stat(local(path)), ok(reqId))));
    sftp.on('FSETSTAT', (reqId) => ok(reqId));
    sftp.on('REMOVE', (reqId, path) => answer(reqId, async () => (await rm(local(path)), ok(reqId))));
    sftp.on('RMDIR', (reqId, path) => answer(reqId, async () => (await rmdir(local(path)), ok(reqId))));
    sftp.on('MKDIR', (reqId, path) => answer(reqId, async () => (await mkdir(local(path)), ok(reqId))));
    sftp.on('RENAME', (reqId, from, to) =>
      answer(reqId, async () => {
        // plain SFTP RENAME refuses to overwrite, like OpenSSH's server
        const target = local(to);
        const exists = await stat(target).then(
          () => true,
          () => false,
        );
        if (exists) return sftp.status(reqId, STATUS_CODE.FAILURE, 'target exists');
        await rename(local(from), target);
        ok(reqId);
      }),
    );
    sftp.on('EXTENDED', (reqId, name, data) =>
      answer(reqId, async () => {
        if (name !== 'posix-rename@openssh.com') return sftp.status(reqId, STATUS_CODE.OP_UNSUPPORTED);
        const fromLen = data.readUInt32BE(0);
        const from = data.subarray(4, 4 + fromLen).toString('utf8');
        const toLen = data.readUInt32BE(4 + fromLen);
        const to = data.subarray(8 + fromLen, 8 + fromLen + toLen).toString('utf8');
        await rename(local(from), local(to));
        ok(reqId);
      }),
    );
    sftp.on('REALPATH', (reqId, path) =>
      answer(reqId, async () => {
        const full = local(path);
        const real = await realpath(full).catch(() => full);
        const name = real.startsWith(root) ? remote(real) || '/' : '/';
        sftp.name(reqId, [{ filename: name === '/' ? '/' : name, longname: name, attrs: {} as Attributes }]);
      }),
    );
  };

  const server = new Server({ hostKeys: [hostKey] }, (client) => {
    if (suspended) {
      client.end();
      return;
    }
    clients.add(client);
    client.on('error', () => undefined);
    client.on('close', () => clients.delete(client));
    client.on('authentication', (ctx) => {
      if (ctx.method === 'password' && ctx.username === username && ctx.password === password) ctx.accept();
      else ctx.reject(['password']);
    });
    client.on('ready', () => {
      client.on('session', (accept) => {
        const session = accept();
        session.on('sftp', (acceptSftp) => serve(acceptSftp()));
      });
    });
  });
  server.on('error', () => undefined);
  await new Promise<void>((res) => server.listen(0, '127.0.0.1', res));
  const port = (server.address() as AddressInfo).port;

  return {
    host: '127.0.0.1',
    port,
    username,
    password,
    root,
    env: () => ({
      SFTP_HOST: '127.0.0.1',
      SFTP_PORT: String(port),
      SFTP_USERNAME: username,
      SFTP_PASSWORD: password,
    }),
    suspend: () => {
      suspended = true;
      for (const c of clients) c.end();
    },
    resume: () => {
      suspended = false;
    },
    stop: async () => {
      for (const c of clients) c.end();
      await new Promise<void>((res) => server.close(() => res()));
      rmSync(root, { recursive: true, force: true });
    },
  };
}
