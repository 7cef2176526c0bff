import { startTestApp, type TestApp, type TestUser } from '../harness/app.js';
import { claim } from './fixtures.js';

interface Row {
  ProviderName: string;
  OperatorOldestQueuedAt: string | null;
  QAOldestQueuedAt: string | null;
}

describe('dashboard: how long the oldest queued work has waited, per provider and stage', () => {
  let t: TestApp;
  let op: TestUser;

  beforeAll(async () => {
    t = await startTestApp();
    op = await t.createUser('Operator');
  });
  afterAll(() => t.close());

  const setCreated = (provider: string, status: number, at: string) =>
    t.db.query(
      `UPDATE smartcrop_programimage SET created_at = $3::timestamptz + (id % 1000) * interval '1 second'
        WHERE provider_name = $1 AND status = $2`,
      [provider, status, at],
    );
  const rows = async (q = ''): Promise<Record<string, Row>> => {
    const res = await t
      .http()
      .get(`/dashboard/ProviderList?pageSize=500${q}`)
      .set('Authorization', `Bearer ${op.token}`)
      .expect(200);
    return Object.fromEntries((res.body.Data.Items as Row[]).map((r) => [r.ProviderName, r]));
  };
  const oldest = async (provider: string, status: number): Promise<string | null> => {
    const r: { at: Date | null }[] = await t.db.query(
      `SELECT min(created_at) AS at FROM smartcrop_programimage
        WHERE provider_name = $1 AND status = $2 AND current_state = 0`,
      [provider, status],
    );
    return r[0].at ? r[0].at.toISOString() : null;
  };

  it('gives the created time of the oldest unlocked image at each stage, null for an empty stage', async () => {
    await t.factory.queue({ Provider: 'PressSite', Programs: 30, ImagesPerProgram: 2 });
    await t.factory.queue({ Provider: 'PressSite', Programs: 10, ImagesPerProgram: 1, Status: 2 });
    await t.factory.queue({ Provider: 'TMDB', Programs: 5, ImagesPerProgram: 1 });
    await t.factory.queue({ Provider: 'Sling', Programs: 5, ImagesPerProgram: 1, Status: 3 });
    await setCreated('PressSite', 1, '2026-11-01T06:00:00Z');
    await setCreated('PressSite', 2, '2026-11-03T06:00:00Z');
    await setCreated('TMDB', 1, '2026-11-02T06:00:00Z');

    // the oldest programme is claimed: locked work is not waiting, the next one is the oldest queued
    const before = await oldest('PressSite', 1);
    await claim(t, op, 'PressSite').expect(200);
    const after = await oldest('PressSite', 1);
    expect(after! > before!).toBe(true);

    const got = await rows();
    expect(got.PressSite).toMatchObject({
      OperatorOldestQueuedAt: after,
      QAOldestQueuedAt: await oldest('PressSite', 2),
    });
    expect(got.TMDB).toMatchObject({
      OperatorOldestQueuedAt: await oldest('TMDB', 1),
      QAOldestQueuedAt: null,
    });
    expect(got.Sling).toMatchObject({ OperatorOldestQueuedAt: null, QAOldestQueuedAt: null });

    // a lead can put the longest-waiting provider first
    const byAge = async (sortBy: string) => {
      const res = await t
        .http()
        .get(`/dashboard/ProviderList?sortBy=${sortBy}`)
        .set('Authorization', `Bearer ${op.token}`)
        .expect(200);
      return (res.body.Data.Items as Row[]).map((r) => r.ProviderName);
    };
    expect(await byAge('OperatorOldestQueuedAt')).toEqual(['PressSite', 'TMDB', 'Sling']);
    expect((await byAge('QAOldestQueuedAt'))[0]).toBe('PressSite');
  });

  it('keeps the ages on every page and sort order', async () => {
    const all = await rows();
    for (const sortBy of ['Total', 'OperatorQueued', 'LastIngestedAt']) {
      for (let page = 1; page <= 3; page++) {
        const res = await t
          .http()
          .get(`/dashboard/ProviderList?pageSize=1&pageNumber=${page}&sortBy=${sortBy}`)
          .set('Authorization', `Bearer ${op.token}`)
          .expect(200);
        const [r] = res.body.Data.Items as Row[];
        expect(r).toEqual(expect.objectContaining(all[r.ProviderName]));
      }
    }
  });
});
