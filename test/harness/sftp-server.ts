import { mkdtempSync, realpathSync, rmSync, type Stats } from 'node:fs';
import {
  lstat,
  mkdir,
  open,
  readdir,
  realpath,
  rename,
  rmdir,
  stat,
  unlink,
  type FileHandle,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, posix, sep } from 'node:path';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import ssh2, { type Attributes, type FileEntry, type SFTPWrapper } from 'ssh2';

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
  /** Make every new connection and every in-flight request fail (simulates an outage); resume() undoes it. */
  suspend(): void;
  resume(): void;
  /** Closes the server and all client connections, removes the temp dir. */
  stop(): Promise<void>;
}

type Handle = { kind: 'file'; fh: FileHandle } | { kind: 'dir'; path: string; entries?: FileEntry[] };

/** A client path that would leave the root: answered with PERMISSION_DENIED. */
const ESCAPE = 'ESCAPE';
/** READDIR answers in batches so a big directory never exceeds one SFTP packet. */
const DIR_BATCH = 64;

function hostKey(): string | Buffer {
  // ssh2 now and then writes an ed25519 key its own parser then calls malformed (seen once in a full
  // suite run, 4 keys in 3000 here: "Malformed OpenSSH private key"), so a key is kept only once it parses
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      const key = utils.generateKeyPairSync('ed25519').private;
      if (!(utils.parseKey(key) instanceof Error)) return key;
    } catch {
      break; // ed25519 needs OpenSSL support
    }
  }
  // RSA in PEM is accepted everywhere
  return generateKeyPairSync('rsa', {
    modulusLength: 2048,
    privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
    publicKeyEncoding: { type: 'pkcs1', format: 'pem' },
  }).privateKey;
}

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

/** `ls -l` style line: ssh2-sftp-client's list() reads the type and rights from it. */
function longname(name: string, s: Stats, owner: string): string {
  const type = s.isDirectory() ? 'd' : s.isSymbolicLink() ? 'l' : '-';
  const rights = [6, 3, 0]
    .map((shift) => {
      const bits = (s.mode >> shift) & 7;
      return (bits & 4 ? 'r' : '-') + (bits & 2 ? 'w' : '-') + (bits & 1 ? 'x' : '-');
    })
    .join('');
  const date = s.mtime.toDateString().slice(4, 10);
  return `${type}${rights} 1 ${owner} ${owner} ${s.size} ${date} 00:00 ${name}`;
}

function statusOf(err: unknown): number {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return STATUS_CODE.NO_SUCH_FILE;
  if (code === 'EACCES' || code === 'EPERM' || code === ESCAPE) return STATUS_CODE.PERMISSION_DENIED;
  return STATUS_CODE.FAILURE;
}

/**
 * A real SFTP server (the `ssh2` package's Server) on loopback, serving a temp dir, for tests of code
 * that talks to SFTP through ssh2-sftp-client. Password auth only; every client path is confined to
 * the root. suspend() simulates an outage: live sessions drop, new ones are refused.
 *
 * Not supported: posixRename() — ssh2's server VERSION packet advertises no extensions, so the client
 * refuses to send posix-rename@openssh.com (the EXTENDED handler below serves clients that send it anyway).
 */
export async function startSftpServer(
  opts: { username?: string; password?: string } = {},
): Promise<SftpFixture> {
  // realpath: tmpdir() may itself be a symlink (macOS), and REALPATH answers must stay under root
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'smartcrop-sftp-')));
  const username = opts.username ?? 'tester';
  const password = opts.password ?? randomBytes(12).toString('hex');
  const sockets = new Set<Socket>();
  const openFiles = new Set<FileHandle>();
  let suspended = false;

  /** Maps a client path ('/a/b', 'a/b', '.') to a local path under root; '..' past the root is refused. */
  const local = (p: string): string => {
    const rel = posix.normalize(p.replace(/^\/+/, '') || '.');
    if (rel === '..' || rel.startsWith('../'))
      throw Object.assign(new Error('path escapes root'), { code: ESCAPE });
    const full = rel === '.' ? root : join(root, ...rel.split('/'));
    if (full !== root && !full.startsWith(root + sep))
      throw Object.assign(new Error('escape'), { code: ESCAPE });
    return full;
  };
  const remote = (full: string): string =>
    full === root
      ? '/'
      : '/' +
        full
          .slice(root.length + 1)
          .split(sep)
          .join('/');

  const serve = (sftp: SFTPWrapper) => {
    // handles are 4-byte big-endian counters; the Map is keyed by their numeric value
    const handles = new Map<number, Handle>();
    let next = 1;
    const newHandle = (h: Handle): Buffer => {
      const buf = Buffer.alloc(4);
      buf.writeUInt32BE(next);
      handles.set(next++, h);
      return buf;
    };
    const getHandle = (buf: Buffer): Handle | undefined =>
      buf.length === 4 ? handles.get(buf.readUInt32BE(0)) : undefined;
    const closeFile = async (fh: FileHandle) => {
      openFiles.delete(fh);
      await fh.close();
    };
    // a dropped session leaves its files open: close them so no fd leaks or GC warnings follow
    sftp.on('close', () => {
      for (const h of handles.values()) if (h.kind === 'file') void closeFile(h.fh).catch(() => undefined);
      handles.clear();
    });

    // every request is answered exactly once: a thrown error becomes a status; during an outage, FAILURE
    const answer = (reqId: number, work: () => Promise<void>) => {
      if (suspended) return sftp.status(reqId, STATUS_CODE.FAILURE, 'server suspended');
      work().catch((err: unknown) => {
        try {
          sftp.status(reqId, statusOf(err));
        } catch {
          // the channel is gone; nobody is waiting for the answer
        }
      });
    };
    const ok = (reqId: number) => sftp.status(reqId, STATUS_CODE.OK);
    const failure = (reqId: number) => sftp.status(reqId, STATUS_CODE.FAILURE);

    sftp.on('OPEN', (reqId, filename, flags) =>
      answer(reqId, async () => {
        const mode = flagsToString(flags);
        if (!mode) return sftp.status(reqId, STATUS_CODE.OP_UNSUPPORTED);
        const fh = await open(local(filename), mode);
        openFiles.add(fh);
        sftp.handle(reqId, newHandle({ kind: 'file', fh }));
      }),
    );
    sftp.on('READ', (reqId, handle, offset, len) =>
      answer(reqId, async () => {
        const h = getHandle(handle);
        if (h?.kind !== 'file') return failure(reqId);
        const buf = Buffer.alloc(len);
        const { bytesRead } = await h.fh.read(buf, 0, len, offset);
        if (bytesRead === 0) return sftp.status(reqId, STATUS_CODE.EOF);
        sftp.data(reqId, buf.subarray(0, bytesRead));
      }),
    );
    sftp.on('WRITE', (reqId, handle, offset, data) =>
      answer(reqId, async () => {
        const h = getHandle(handle);
        if (h?.kind !== 'file') return failure(reqId);
        await h.fh.write(data, 0, data.length, offset);
        ok(reqId);
      }),
    );
    sftp.on('CLOSE', (reqId, handle) =>
      answer(reqId, async () => {
        const h = getHandle(handle);
        if (!h) return failure(reqId);
        handles.delete(handle.readUInt32BE(0));
        if (h.kind === 'file') await closeFile(h.fh);
        ok(reqId);
      }),
    );
    sftp.on('FSTAT', (reqId, handle) =>
      answer(reqId, async () => {
        const h = getHandle(handle);
        if (!h) return failure(reqId);
        sftp.attrs(reqId, toAttrs(h.kind === 'file' ? await h.fh.stat() : await stat(h.path)));
      }),
    );
    sftp.on('OPENDIR', (reqId, path) =>
      answer(reqId, async () => {
        const full = local(path);
        if (!(await stat(full)).isDirectory()) return failure(reqId);
        sftp.handle(reqId, newHandle({ kind: 'dir', path: full }));
      }),
    );
    sftp.on('READDIR', (reqId, handle) =>
      answer(reqId, async () => {
        const h = getHandle(handle);
        if (h?.kind !== 'dir') return failure(reqId);
        // read the whole directory on the first call, then hand it out batch by batch until EOF
        h.entries ??= await Promise.all(
          (await readdir(h.path)).map(async (filename) => {
            const s = await lstat(join(h.path, filename));
            return { filename, longname: longname(filename, s, username), attrs: toAttrs(s) };
          }),
        );
        const batch = h.entries.splice(0, DIR_BATCH);
        if (batch.length === 0) return sftp.status(reqId, STATUS_CODE.EOF);
        sftp.name(reqId, batch);
      }),
    );
    sftp.on('STAT', (reqId, path) =>
      answer(reqId, async () => sftp.attrs(reqId, toAttrs(await stat(local(path))))),
    );
    sftp.on('LSTAT', (reqId, path) =>
      answer(reqId, async () => sftp.attrs(reqId, toAttrs(await lstat(local(path))))),
    );
    // attribute changes (chmod, utimes) are accepted and ignored: tests only need them not to fail
    sftp.on('SETSTAT', (reqId, path) => answer(reqId, async () => (await stat(local(path)), ok(reqId))));
    sftp.on('FSETSTAT', (reqId, handle) => (getHandle(handle) ? ok(reqId) : failure(reqId)));
    sftp.on('REMOVE', (reqId, path) => answer(reqId, async () => (await unlink(local(path)), ok(reqId))));
    sftp.on('RMDIR', (reqId, path) => answer(reqId, async () => (await rmdir(local(path)), ok(reqId))));
    sftp.on('MKDIR', (reqId, path) => answer(reqId, async () => (await mkdir(local(path)), ok(reqId))));
    sftp.on('RENAME', (reqId, from, to) =>
      answer(reqId, async () => {
        // plain SFTP RENAME refuses to overwrite, like OpenSSH's server
        const source = local(from);
        const target = local(to);
        const exists = await lstat(target).then(
          () => true,
          () => false,
        );
        if (exists) return sftp.status(reqId, STATUS_CODE.FAILURE, 'target exists');
        await rename(source, target);
        ok(reqId);
      }),
    );
    sftp.on('EXTENDED', (reqId, name, data) =>
      answer(reqId, async () => {
        if (name !== 'posix-rename@openssh.com') return sftp.status(reqId, STATUS_CODE.OP_UNSUPPORTED);
        // payload: string oldpath, string newpath (uint32 length + UTF-8 bytes each); overwrites
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
        // a path that does not exist yet is still canonical; a symlink out of root reports the root
        const real = await realpath(full).catch(() => full);
        const name = real === root || real.startsWith(root + sep) ? remote(real) : '/';
        sftp.name(reqId, [{ filename: name, longname: name, attrs: {} as Attributes }]);
      }),
    );
  };

  const ssh = new Server({ hostKeys: [hostKey()] }, (client) => {
    client.on('error', () => undefined); // resets during an outage or stop() are expected
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
  ssh.on('error', () => undefined);

  // our own TCP listener, so the raw sockets can be cut off at once (outage, stop) whatever the SSH state
  const tcp = createServer((socket) => {
    socket.on('error', () => undefined);
    if (suspended) return void socket.destroy();
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    ssh.injectSocket(socket);
  });
  tcp.on('error', () => undefined);
  await new Promise<void>((res, rej) => {
    tcp.once('error', rej);
    tcp.listen(0, '127.0.0.1', () => {
      tcp.off('error', rej);
      res();
    });
  });
  const port = (tcp.address() as AddressInfo).port;

  const dropAll = () => {
    for (const s of sockets) s.destroy();
    sockets.clear();
  };

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
      dropAll();
    },
    resume: () => {
      suspended = false;
    },
    stop: async () => {
      suspended = true;
      dropAll();
      await new Promise<void>((res) => tcp.close(() => res()));
      await Promise.all([...openFiles].map((fh) => fh.close().catch(() => undefined)));
      openFiles.clear();
      rmSync(root, { recursive: true, force: true });
    },
  };
}
