import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { AppConfig } from '../../config/config.js';
import { APP_CONFIG } from '../../config/config.module.js';
import { allowList, refusedRule } from './address-policy.js';

export const MAX_REDIRECTS = 3;

/**
 * Why a fetch did not return bytes. `refused-url`: the URL itself breaks a rule (scheme, address): the
 * caller's input is at fault. `refused-redirect`: the server sent us somewhere we do not go. `upstream`:
 * the server failed, was too slow or too big, or the name did not resolve.
 */
export class GuardedFetchError extends Error {
  constructor(
    message: string,
    readonly reason: 'refused-url' | 'refused-redirect' | 'upstream',
  ) {
    super(message);
  }
}

export interface FetchedBytes {
  bytes: Buffer;
  contentType?: string;
  /** The URL the bytes came from, after redirects. */
  url: string;
}

export interface FetchOptions {
  maxBytes?: number;
  timeoutMs?: number;
}

/** A rule broken at a hop, recorded by the lookup and turned into the error after the request aborts. */
class Refusal extends Error {}

/**
 * Fetches over http(s) on behalf of data from outside (manifest URLs), never reaching this network: every
 * hop's host is resolved here and the address checked before connecting to exactly that address (the
 * socket's `lookup` is ours, so a second DNS answer cannot swap it: no rebinding), redirects are followed
 * by hand, at most three, each checked the same way. Loopback, private, CGNAT, link-local/metadata,
 * unique-local, multicast and reserved addresses are refused unless FETCH_ALLOW_HOSTS names the host or
 * the address's range; the hosts of CDN_ORIGIN_BASE_URL and S3_ENDPOINT are allowed implicitly.
 */
@Injectable()
export class GuardedFetcher {
  private readonly logger = new Logger(GuardedFetcher.name);
  private readonly allowedHosts: Set<string>;
  private readonly allowedAddress: (address: string) => boolean;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    const implicit = [config.cdn.originBaseUrl, config.storage.s3?.endpoint].flatMap((u) => {
      try {
        return u ? [hostOf(new URL(u))] : [];
      } catch {
        return [];
      }
    });
    this.allowedHosts = new Set([...config.workflow.fetchAllow.hosts, ...implicit]);
    this.allowedAddress = allowList(config.workflow.fetchAllow.cidrs);
  }

  async fetch(url: string, opts: FetchOptions = {}): Promise<FetchedBytes> {
    const maxBytes = opts.maxBytes ?? this.config.workflow.sourceFetchMaxBytes;
    const timeoutMs = opts.timeoutMs ?? this.config.workflow.sourceFetchTimeoutMs;
    const signal = AbortSignal.timeout(timeoutMs);
    let current = this.parse(url, 'refused-url');
    for (let hop = 0; ; hop++) {
      const reason = hop === 0 ? 'refused-url' : 'refused-redirect';
      const res = await this.get(current, reason, signal, timeoutMs);
      const location = res.headers.location;
      if ([301, 302, 303, 307, 308].includes(res.statusCode ?? 0) && location) {
        res.resume();
        if (hop >= MAX_REDIRECTS) {
          throw new GuardedFetchError(
            `The source image server redirected more than ${MAX_REDIRECTS} times`,
            'upstream',
          );
        }
        current = this.parse(new URL(location, current).href, 'refused-redirect');
        continue;
      }
      if (res.statusCode !== 200) {
        res.resume();
        throw new GuardedFetchError(`The source image server answered ${res.statusCode}`, 'upstream');
      }
      const bytes = await readCapped(res, maxBytes, signal, timeoutMs);
      return { bytes, contentType: res.headers['content-type'], url: current.href };
    }
  }

  private parse(raw: string, reason: GuardedFetchError['reason']): URL {
    let u: URL;
    try {
      u = new URL(raw);
    } catch {
      throw new GuardedFetchError('The source image URL is not a valid URL', reason);
    }
    if (u.protocol !== 'http:' && u.protocol !== 'https:') {
      throw new GuardedFetchError(
        `${reason === 'refused-url' ? 'The source image URL' : 'A redirect of the source image'} is not http or https`,
        reason,
      );
    }
    return u;
  }

  /** Whether a resolved address may be reached for this host; the refusing rule otherwise. */
  private check(host: string, address: string): string | undefined {
    if (this.allowedHosts.has(host) || this.allowedAddress(address)) return undefined;
    return refusedRule(address);
  }

  private get(u: URL, reason: GuardedFetchError['reason'], signal: AbortSignal, timeoutMs: number) {
    const host = hostOf(u);
    const refusal = (rule: string) =>
      new Refusal(
        (reason === 'refused-url'
          ? `The source image host ${host} is ${rule}`
          : `The source image server redirected to ${host}, ${rule}`) +
          '; fetching it is refused (FETCH_ALLOW_HOSTS opens it)',
      );
    if (isIP(host)) {
      const rule = this.check(host, host);
      if (rule) return Promise.reject(new GuardedFetchError(refusal(rule).message, reason));
    }
    // every address the name resolves to must pass: a name pointing partly inside is refused as a whole
    const lookup: LookupFunction = (hostname, options, callback) => {
      dnsLookup(hostname, { ...options, all: true }, (err, addresses: LookupAddress[]) => {
        if (err) return callback(err, '', 0);
        const bad = addresses.map((a) => this.check(host, a.address)).find((r) => r !== undefined);
        if (bad) {
          this.logger.warn({ host, addresses: addresses.map((a) => a.address) }, 'Source fetch refused');
          return callback(refusal(bad), '', 0);
        }
        if (options.all) return callback(null, addresses);
        callback(null, addresses[0].address, addresses[0].family);
      });
    };
    return new Promise<IncomingMessage>((resolve, reject) => {
      const send = u.protocol === 'https:' ? httpsRequest : httpRequest;
      const req = send(u, { lookup, signal, headers: { Accept: 'image/*' }, agent: false }, resolve);
      req.on('error', (err: NodeJS.ErrnoException) => {
        if (err instanceof Refusal || err.cause instanceof Refusal) {
          return reject(new GuardedFetchError(err.message, reason));
        }
        reject(upstreamError(err, signal, timeoutMs, host));
      });
      req.end();
    });
  }
}

function hostOf(u: URL): string {
  return u.hostname.toLowerCase().replace(/^\[(.*)\]$/, '$1');
}

function upstreamError(err: NodeJS.ErrnoException, signal: AbortSignal, timeoutMs: number, host: string) {
  if (signal.aborted)
    return new GuardedFetchError(`The source image did not arrive within ${timeoutMs} ms`, 'upstream');
  if (err.code === 'ENOTFOUND' || err.code === 'EAI_AGAIN') {
    return new GuardedFetchError(`The source image host ${host} could not be resolved`, 'upstream');
  }
  return new GuardedFetchError('The source image could not be fetched', 'upstream');
}

async function readCapped(res: IncomingMessage, max: number, signal: AbortSignal, timeoutMs: number) {
  if (Number(res.headers['content-length'] ?? 0) > max) {
    res.destroy();
    throw new GuardedFetchError(`The source image is larger than ${max} bytes`, 'upstream');
  }
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of res as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > max) {
        res.destroy();
        throw new GuardedFetchError(`The source image is larger than ${max} bytes`, 'upstream');
      }
      chunks.push(chunk);
    }
  } catch (err) {
    if (err instanceof GuardedFetchError) throw err;
    throw upstreamError(err as NodeJS.ErrnoException, signal, timeoutMs, '');
  }
  return Buffer.concat(chunks);
}
