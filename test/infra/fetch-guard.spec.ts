import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Logger } from '@nestjs/common';
import { loadConfig } from '../../src/config/config.js';
import { GuardedFetcher, GuardedFetchError } from '../../src/infra/fetch/guarded-fetcher.js';
import { startTestApp, type TestApp, type TestUser } from '../harness/app.js';
import { as, claim, listen, makeImage } from '../smartcrop/fixtures.js';

interface Origin {
  url: string;
  hits: () => number;
  close(): Promise<void>;
}

/** A real HTTP server on a loopback address: `/img` answers bytes, `/to?u=` redirects, `/hop/n` chains n redirects. */
async function origin(host: string, body: Buffer): Promise<Origin> {
  let hits = 0;
  const server: Server = createServer((req, res) => {
    hits++;
    const u = new URL(req.url!, 'http://x');
    const hop = /^\/hop\/(\d+)$/.exec(u.pathname);
    if (u.pathname === '/to') {
      res.writeHead(302, { Location: u.searchParams.get('u')! }).end();
    } else if (hop) {
      const n = Number(hop[1]);
      res.writeHead(301, { Location: n > 1 ? `/hop/${n - 1}` : '/img' }).end();
    } else if (u.pathname === '/img') {
      res.writeHead(200, { 'Content-Type': 'image/png' }).end(body);
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    hits: () => hits,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const fetcher = (env: Record<string, string> = {}) =>
  new GuardedFetcher(loadConfig({ NODE_ENV: 'test', SOURCE_FETCH_TIMEOUT_MS: '3000', ...env }));

/** The refusal a fetch ends with (it must end with one). */
async function refusal(f: GuardedFetcher, url: string): Promise<GuardedFetchError> {
  const err = await f.fetch(url).then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof GuardedFetchError))
    throw new Error(`expected a GuardedFetchError for ${url}, got ${String(err)}`);
  return err;
}

describe('guarded fetcher: no request reaches this network on behalf of a manifest URL', () => {
  let png: Buffer;
  let local: Origin; // 127.0.0.1: an internal service
  let allowed: Origin; // 127.0.0.2: stands for an allowed image host

  beforeAll(async () => {
    Logger.overrideLogger(false); // fetchers built outside an app would log their refusals to the console
    png = await makeImage(40, 30, 'png');
    local = await origin('127.0.0.1', Buffer.from('internal secret'));
    allowed = await origin('127.0.0.2', png);
  });
  afterAll(async () => {
    await local.close();
    await allowed.close();
  });

  it('refuses loopback, private, CGNAT, link-local/metadata, unique-local, multicast and reserved addresses, literal or mapped', async () => {
    const port = new URL(local.url).port;
    const f = fetcher();
    const cases: [string, string][] = [
      [`${local.url}/img`, 'a loopback address'],
      [`http://localhost:${port}/img`, 'a loopback address'],
      [`http://[::1]:${port}/img`, 'a loopback address'],
      [`http://[::ffff:127.0.0.1]:${port}/img`, 'a loopback address'],
      [`http://2130706433:${port}/img`, 'a loopback address'],
      [`http://0x7f.1:${port}/img`, 'a loopback address'],
      ['http://0.0.0.0/img', 'a "this network" address'],
      ['http://10.1.2.3/img', 'a private address'],
      ['http://172.20.0.1/img', 'a private address'],
      ['https://192.168.1.10/img', 'a private address'],
      ['http://100.64.0.1/img', 'a carrier-grade NAT address'],
      ['http://169.254.169.254/latest/meta-data/', 'a link-local (cloud metadata) address'],
      ['http://[::ffff:169.254.169.254]/latest/meta-data/', 'a link-local (cloud metadata) address'],
      ['http://[64:ff9b::a9fe:a9fe]/', 'a link-local (cloud metadata) address'],
      ['http://[fd00::1]/img', 'a unique-local address'],
      ['http://[fe80::1]/img', 'a link-local address'],
      ['http://224.0.0.1/img', 'a multicast address'],
      ['http://[ff02::1]/img', 'a multicast address'],
      ['http://240.0.0.1/img', 'a reserved address'],
    ];
    const got = [];
    for (const [url] of cases) {
      const err = await refusal(f, url);
      expect(err.reason).toBe('refused-url');
      got.push(err.message.replace(/^The source image host \S+ is (.*); fetching it is refused.*$/, '$1'));
    }
    expect(got).toEqual(cases.map((c) => c[1]));
    expect(local.hits()).toBe(0);
  });

  it('refuses every scheme but http and https', async () => {
    const f = fetcher();
    for (const url of [
      'file:///etc/passwd',
      'ftp://example.com/a.png',
      'gopher://example.com/',
      'data:image/png;base64,AAAA',
    ]) {
      const err = await refusal(f, url);
      expect([err.reason, err.message]).toEqual(['refused-url', 'The source image URL is not http or https']);
    }
  });

  it('checks every redirect hop: an allowed host cannot send the fetch to loopback or another scheme', async () => {
    const f = fetcher({ FETCH_ALLOW_HOSTS: '127.0.0.2' });
    const port = new URL(local.url).port;
    for (const target of [`${local.url}/img`, `http://localhost:${port}/img`, `http://[::1]:${port}/img`]) {
      const err = await refusal(f, `${allowed.url}/to?u=${encodeURIComponent(target)}`);
      expect(err.reason).toBe('refused-redirect');
      expect(err.message).toMatch(
        /^The source image server redirected to \S+, a loopback address; fetching it is refused/,
      );
    }
    const scheme = await refusal(f, `${allowed.url}/to?u=${encodeURIComponent('file:///etc/passwd')}`);
    expect([scheme.reason, scheme.message]).toEqual([
      'refused-redirect',
      'A redirect of the source image is not http or https',
    ]);
    expect(local.hits()).toBe(0);
  });

  it('follows at most three redirects', async () => {
    const f = fetcher({ FETCH_ALLOW_HOSTS: '127.0.0.2' });
    const three = await f.fetch(`${allowed.url}/hop/3`);
    expect([three.bytes.equals(png), three.url]).toEqual([true, `${allowed.url}/img`]);
    const four = await refusal(f, `${allowed.url}/hop/4`);
    expect([four.reason, four.message]).toEqual([
      'upstream',
      'The source image server redirected more than 3 times',
    ]);
  });

  it('opens what FETCH_ALLOW_HOSTS names (host names, addresses, CIDR ranges) and the CDN origin and S3 hosts', async () => {
    const port = new URL(local.url).port;
    const body = (r: { bytes: Buffer }) => r.bytes.toString();
    expect(body(await fetcher({ FETCH_ALLOW_HOSTS: '127.0.0.1' }).fetch(`${local.url}/img`))).toBe(
      'internal secret',
    );
    expect(
      body(await fetcher({ FETCH_ALLOW_HOSTS: '127.0.0.0/8' }).fetch(`http://localhost:${port}/img`)),
    ).toBe('internal secret');
    expect(
      body(
        await fetcher({ FETCH_ALLOW_HOSTS: 'images.internal, localhost' }).fetch(
          `http://localhost:${port}/img`,
        ),
      ),
    ).toBe('internal secret');
    expect(
      body(await fetcher({ CDN_ORIGIN_BASE_URL: `${local.url}/origin/` }).fetch(`${local.url}/img`)),
    ).toBe('internal secret');
    expect(
      body(
        await fetcher({ S3_BUCKET: 'b', S3_ENDPOINT: `http://localhost:9000` }).fetch(
          `http://localhost:${port}/img`,
        ),
      ),
    ).toBe('internal secret');
    // an allowed name does not open the addresses behind another name
    expect((await refusal(fetcher({ FETCH_ALLOW_HOSTS: 'localhost' }), `${local.url}/img`)).reason).toBe(
      'refused-url',
    );
    expect(() => loadConfig({ NODE_ENV: 'test', FETCH_ALLOW_HOSTS: '10.0.0.0/33' })).toThrow(
      'FETCH_ALLOW_HOSTS: "10.0.0.0/33" is not a valid CIDR range',
    );
    expect(() => loadConfig({ NODE_ENV: 'test', FETCH_ALLOW_HOSTS: 'http://x' })).toThrow(
      /is not a host name/,
    );
  });

  it('keeps the size cap and the timeout', async () => {
    const f = fetcher({ FETCH_ALLOW_HOSTS: '127.0.0.2', SOURCE_FETCH_MAX_BYTES: '100' });
    const big = await refusal(f, `${allowed.url}/img`);
    expect([big.reason, big.message]).toEqual(['upstream', 'The source image is larger than 100 bytes']);
    const silent = createServer(() => undefined); // accepts, never answers
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.2', resolve));
    try {
      const slow = await refusal(
        fetcher({ FETCH_ALLOW_HOSTS: '127.0.0.2', SOURCE_FETCH_TIMEOUT_MS: '300' }),
        `http://127.0.0.2:${(silent.address() as AddressInfo).port}/img`,
      );
      expect([slow.reason, slow.message]).toEqual([
        'upstream',
        'The source image did not arrive within 300 ms',
      ]);
    } finally {
      silent.closeAllConnections();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });
});

describe('server-side crops through the guarded fetcher (HTTP)', () => {
  let t: TestApp;
  let op: TestUser;
  let internal: Origin;
  let allowed: Origin;
  let seq = 0;

  beforeAll(async () => {
    internal = await origin('127.0.0.1', await makeImage(400, 300, 'png'));
    allowed = await origin('127.0.0.2', await makeImage(400, 300, 'png'));
    t = await startTestApp({ FETCH_ALLOW_HOSTS: '127.0.0.2' });
    await listen(t);
    op = await t.createUser('Operator');
  });
  afterAll(async () => {
    await t?.close();
    await internal.close();
    await allowed.close();
  });
  afterEach(async () => {
    await as(t, op).get(`/image/UpdateUserLockStatus?userId=${op.id}`).expect(200);
  });

  const cropFrom = async (imageUrl: string) => {
    const prov = `Guard${++seq}`;
    const [p] = await t.factory.queue({ Provider: prov, ImageUrl: imageUrl, Width: null, Height: null });
    const imageId = (await claim(t, op, prov).expect(200)).body.Data[0].ImageId as number;
    const res = await as(t, op).post('/image/SaveCropedImages', {
      ProgramId: p,
      ImageId: imageId,
      Crops: [{ AspectRatioId: 5, X: 0, Y: 0, Width: 100, Height: 100 }],
    });
    await as(t, op).get(`/image/UpdateUserLockStatus?userId=${op.id}`).expect(200);
    const rows: unknown[] = await t.db.query(`SELECT 1 FROM smartcrop_aspectratioimages WHERE imageid = $1`, [
      imageId,
    ]);
    return { res, rows: rows.length };
  };

  it('answers 400 for a loopback source and 502 for a redirect into loopback; nothing is fetched or stored', async () => {
    const direct = await cropFrom(`${internal.url}/img`);
    expect(direct.res.status).toBe(400);
    expect(direct.res.body).toEqual({
      StatusCode: 400,
      Message:
        'The source image host 127.0.0.1 is a loopback address; fetching it is refused (FETCH_ALLOW_HOSTS opens it)',
      Data: null,
    });
    const redirected = await cropFrom(`${allowed.url}/to?u=${encodeURIComponent(`${internal.url}/img`)}`);
    expect(redirected.res.status).toBe(502);
    expect(redirected.res.body.Message).toMatch(/redirected to 127\.0\.0\.1, a loopback address/);
    expect([direct.rows, redirected.rows, internal.hits()]).toEqual([0, 0, 0]);
    const ok = await cropFrom(`${allowed.url}/hop/2`);
    expect([ok.res.status, ok.rows]).toEqual([200, 1]);
  });
});
