import { request as httpRequest, type ClientRequest, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { UploadBudget } from '../../src/infra/image/upload-budget.js';
import { startTestApp, type TestApp, type TestUser } from '../harness/app.js';

/** Polls until `check` holds (or 10 s pass); returns whether it held, for the caller to assert. */
async function eventually(check: () => boolean): Promise<boolean> {
  for (let i = 0; i < 200; i++) {
    if (check()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return check();
}

const settled = () => new Promise((r) => setImmediate(r));

describe('the upload memory budget', () => {
  it('admits reservations while they fit, the rest wait in arrival order until memory is released', async () => {
    const budget = new UploadBudget(1000, 60_000);
    const order: string[] = [];
    const a = await budget.acquire(600);
    const b = budget.acquire(600).then((r) => (order.push('b'), r));
    const c = budget.acquire(300).then((r) => (order.push('c'), r));
    await settled();
    // c would fit beside a, but b came first: nobody overtakes a waiter (a large upload is never starved)
    expect([order, budget.stats()]).toEqual([[], { held: 600, waiting: 2, limit: 1000 }]);
    a();
    const releaseB = await b;
    const releaseC = await c;
    expect([order, budget.stats().held]).toEqual([['b', 'c'], 900]);
    // more than the whole budget: admitted alone, once everything else is released
    const huge = budget.acquire(5000).then((r) => (order.push('huge'), r));
    await settled();
    expect(order).toEqual(['b', 'c']);
    releaseB();
    releaseC();
    (await huge)();
    expect(budget.stats()).toEqual({ held: 0, waiting: 0, limit: 1000 });
  });

  it('refuses a reservation that waited past the timeout, and a released slot is not counted twice', async () => {
    const budget = new UploadBudget(1000, 200);
    const a = await budget.acquire(1000);
    const waited = await budget.acquire(10).then(
      () => 'admitted',
      (err: Error) => err.message,
    );
    expect(waited).toMatch(/busy/i);
    expect(budget.stats()).toEqual({ held: 1000, waiting: 0, limit: 1000 });
    a();
    a();
    expect(budget.stats().held).toBe(0);
  });

  describe('over HTTP', () => {
    let t: TestApp;
    let op: TestUser;
    const open: ClientRequest[] = [];
    beforeAll(async () => {
      // 1 MB of memory for request bodies, and a short wait so the test sees a waiter give up
      t = await startTestApp({ UPLOAD_MEMORY_BUDGET: String(1024 * 1024), UPLOAD_QUEUE_TIMEOUT_MS: '500' });
      await new Promise<void>((resolve) => t.app.getHttpServer().listen(0, '127.0.0.1', resolve));
      op = await t.createUser('Operator');
    });
    afterAll(async () => {
      for (const r of open) r.destroy();
      await t?.close();
    });

    const port = () => (t.app.getHttpServer().address() as AddressInfo).port;
    /** A large save whose body is sent only in part (held) or whole; resolves with the answer. */
    const bigSave = (bytes: number, whole: boolean, token: string | null = op.token) => {
      const req = httpRequest({
        host: '127.0.0.1',
        port: port(),
        method: 'POST',
        path: '/image/SaveCropedImages',
        headers: {
          'Content-Type': 'application/json',
          'Content-Length': String(bytes),
          ...(token === null ? {} : { Authorization: `Bearer ${token}` }),
        },
      });
      open.push(req);
      const answer = new Promise<{ status: number; retryAfter?: string; body: unknown }>(
        (resolve, reject) => {
          req.on('response', (res: IncomingMessage) => {
            let text = '';
            res.setEncoding('utf8');
            res.on('data', (c: string) => (text += c));
            res.on('end', () =>
              resolve({
                status: res.statusCode ?? 0,
                retryAfter: res.headers['retry-after'],
                body: JSON.parse(text) as unknown,
              }),
            );
          });
          req.on('error', reject);
        },
      );
      answer.catch(() => undefined); // the held request is cut by the test
      const body = `{"ImageData":"${'A'.repeat(bytes - 16)}"}`;
      req.write(whole ? body : body.slice(0, 1000));
      if (whole) req.end();
      return { req, answer };
    };
    const budget = () => t.app.get(UploadBudget);

    it('a large body waits while the budget is held, and past UPLOAD_QUEUE_TIMEOUT_MS gets 503 with Retry-After', async () => {
      const held = bigSave(400_000, false); // JSON costs ~4x its size: 1.6 MB, more than the whole budget
      expect(await eventually(() => budget().stats().held === 1024 * 1024)).toBe(true);

      const waiter = bigSave(300_000, true);
      expect(await eventually(() => budget().stats().waiting === 1)).toBe(true);
      // small requests are not weighed and never wait behind uploads
      const live = await t.http().get('/health/live');
      expect(live.status).toBe(200);
      const refused = await waiter.answer;
      expect(refused.status).toBe(503);
      expect(refused.body).toEqual({ StatusCode: 503, Message: expect.stringMatching(/busy/i), Data: null });
      expect(Number(refused.retryAfter)).toBeGreaterThan(0);

      // the held request is cut: its memory is released, and the next upload is admitted (then judged: 400)
      held.req.destroy();
      expect(await eventually(() => budget().stats().held === 0)).toBe(true);
      const next = await bigSave(300_000, true).answer;
      expect(next.status).toBe(400);
      expect(await eventually(() => budget().stats().held === 0 && budget().stats().waiting === 0)).toBe(
        true,
      );
    });

    it('a large body without a valid token is refused at once (401) and never takes the budget', async () => {
      const held = bigSave(400_000, false);
      expect(await eventually(() => budget().stats().held === 1024 * 1024)).toBe(true);
      for (const token of [null, 'not-a-token']) {
        const anonymous = await bigSave(300_000, true, token).answer;
        expect(anonymous.status).toBe(401);
        expect(anonymous.body).toMatchObject({ StatusCode: 401, Data: null });
        expect(budget().stats().waiting).toBe(0);
      }
      held.req.destroy();
      expect(await eventually(() => budget().stats().held === 0)).toBe(true);
    });
  });
});
