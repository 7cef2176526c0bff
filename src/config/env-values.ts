import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { EMPTY_MEANS_EMPTY, SECRET_VARIABLES } from './env.schema.js';

/** The parsers of the variables whose values are lists or URLs, and the secret files; see loadConfig(). */

export type ProviderReader = 'pressSite' | 'tmdb' | 'sling' | 'email';

/** A SOCKS proxy in the shape the `socks` client takes. */
export interface SocksProxySettings {
  type: 4 | 5;
  host: string;
  port: number;
  userId?: string;
  password?: string;
}

export class ConfigError extends Error {}

const READERS: ProviderReader[] = ['pressSite', 'tmdb', 'sling', 'email'];

/** `X_FILE=/run/secrets/x` is read into X (docker/k8s secrets); the legacy base64 form `base64:...` is decoded. */
export function resolveSecrets(env: Record<string, string | undefined>): Record<string, string | undefined> {
  const out = Object.fromEntries(
    Object.entries(env).filter(([name, value]) => value !== '' || EMPTY_MEANS_EMPTY.includes(name)),
  );
  for (const name of SECRET_VARIABLES) {
    const file = env[`${name}_FILE`];
    if (!out[name] && file) {
      try {
        out[name] = readFileSync(file, 'utf8').trim();
      } catch {
        throw new ConfigError(`${name}_FILE: cannot read the file it names`);
      }
    }
    const value = out[name];
    if (value?.startsWith('base64:')) out[name] = Buffer.from(value.slice(7), 'base64').toString('utf8');
  }
  return out;
}

export function parsePrefixes(raw: string): { prefix: string; reader: ProviderReader }[] {
  return raw
    .split(',')
    .map((pair) => pair.trim())
    .filter(Boolean)
    .map((pair) => {
      const [prefix, reader] = pair.split('=').map((s) => s.trim());
      const match = READERS.find((r) => r.toLowerCase() === reader.toLowerCase());
      if (!match)
        throw new ConfigError(`FILEWATCHER_PREFIXES: unknown reader "${reader}" (use ${READERS.join(', ')})`);
      return { prefix, reader: match };
    });
}

const NAMED_PROXY_RANGES = ['loopback', 'linklocal', 'uniquelocal'];

/**
 * TRUST_PROXY as Express's `trust proxy` setting: empty or `false` trusts no proxy (the client address is
 * the socket's), `true` trusts any (only when nothing can reach the service but the proxy), a number the
 * nearest N hops, else a comma-separated list of proxy addresses, CIDR ranges or the names loopback,
 * linklocal, uniquelocal. Each list entry is checked here, so a typo stops the boot instead of silently
 * trusting nobody.
 */
export function parseTrustProxy(raw: string | undefined): boolean | number | string[] {
  const value = (raw ?? '').trim();
  if (value === '' || value.toLowerCase() === 'false') return false;
  if (value.toLowerCase() === 'true') return true;
  if (/^\d+$/.test(value)) return Number(value);
  return value.split(',').map((entry) => {
    const item = entry.trim();
    if (NAMED_PROXY_RANGES.includes(item.toLowerCase())) return item.toLowerCase();
    const [address, bits, ...extra] = item.split('/');
    const family = isIP(address);
    const maxBits = family === 6 ? 128 : 32;
    const bitsOk = bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= maxBits);
    if (!family || !bitsOk || extra.length > 0) {
      throw new ConfigError(
        `TRUST_PROXY: "${item}" is not an address, a CIDR range or one of ${NAMED_PROXY_RANGES.join(', ')}`,
      );
    }
    return item;
  });
}

/**
 * SFTP_PROXY: socks5://[user:password@]host[:port] (or socks4://; port 1080 when left out), parsed once
 * here so a bad value stops the boot. The message never repeats the value: it may hold a password.
 */
export function parseSftpProxy(raw: string | undefined): SocksProxySettings | undefined {
  if (!raw) return undefined;
  const bad = () =>
    new ConfigError('SFTP_PROXY: must look like socks5://host:port or socks5://user:password@host:port');
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw bad();
  }
  const type = u.protocol === 'socks5:' ? 5 : u.protocol === 'socks4:' ? 4 : undefined;
  if (!type || !u.hostname || !['', '/'].includes(u.pathname) || u.search || u.hash) throw bad();
  return {
    type,
    host: u.hostname,
    port: Number(u.port || 1080),
    ...(u.username ? { userId: decodeURIComponent(u.username) } : {}),
    ...(u.password ? { password: decodeURIComponent(u.password) } : {}),
  };
}

/**
 * FETCH_ALLOW_HOSTS: comma-separated host names (matched on the URL, any port), addresses and CIDR ranges
 * (matched on the resolved address). Checked here so a typo stops the boot instead of refusing every fetch.
 */
export function parseFetchAllow(raw: string | undefined): { hosts: string[]; cidrs: string[] } {
  const out = { hosts: [] as string[], cidrs: [] as string[] };
  for (const entry of (raw ?? '').split(',')) {
    const item = entry
      .trim()
      .toLowerCase()
      .replace(/^\[(.*)\]$/, '$1');
    if (!item) continue;
    const [address, bits, ...extra] = item.split('/');
    const family = isIP(address);
    if (family) {
      const max = family === 6 ? 128 : 32;
      if (extra.length > 0 || (bits !== undefined && !(/^\d{1,3}$/.test(bits) && Number(bits) <= max))) {
        throw new ConfigError(`FETCH_ALLOW_HOSTS: "${item}" is not a valid CIDR range`);
      }
      out.cidrs.push(bits === undefined ? `${address}/${max}` : item);
    } else if (/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/.test(item)) {
      out.hosts.push(item);
    } else {
      throw new ConfigError(`FETCH_ALLOW_HOSTS: "${item}" is not a host name, an address or a CIDR range`);
    }
  }
  return out;
}

export function parseS3Sources(raw: string): { bucket: string; prefix: string }[] {
  return raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((entry) => {
      const [bucket, ...rest] = entry.replace(/^s3:\/\//, '').split('/');
      if (!bucket) throw new ConfigError('FILEWATCHER_S3_SOURCES: each entry must look like bucket/prefix');
      return { bucket, prefix: rest.join('/') };
    });
}
