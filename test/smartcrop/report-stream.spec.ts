import { ProductivityRepository } from '../../src/smartcrop/productivity.repository.js';
import { ReportRepository } from '../../src/smartcrop/report.repository.js';
import { startTestApp, type TestApp } from '../harness/app.js';

/** The report streams read in batches of 2,000 through a cursor; a download the client left stops reading. */
describe('report streams', () => {
  let t: TestApp;
  const from = new Date(Date.now() - 86_400_000);
  const to = new Date(Date.now() + 86_400_000);
  const filter = { from, to, provider: null, user: null };

  beforeAll(async () => {
    t = await startTestApp();
    const [program] = await t.factory.queue({ Provider: 'StreamCo' });
    await t.db.query(
      `INSERT INTO programimage_audit (image_id, program_id, action, from_status, to_status, from_state, to_state)
       SELECT p.id, p.link_object_id, 'lock', 1, 1, 0, 1 FROM smartcrop_programimage p, generate_series(1, 2500)
        WHERE p.link_object_id = $1`,
      [program],
    );
    const op = await t.createUser('Operator');
    await t.db.query(
      `INSERT INTO programimage_audit (image_id, program_id, action, from_status, to_status, from_state, to_state, user_id)
       SELECT p.id, p.link_object_id, 'operator_done', 1, 2, 1, 0, $2 FROM smartcrop_programimage p
        WHERE p.link_object_id = $1`,
      [program, op.id],
    );
  });
  afterAll(() => t.close());

  async function batches(stream: AsyncIterable<unknown[]>, abort?: AbortController): Promise<number[]> {
    const sizes: number[] = [];
    for await (const rows of stream) {
      sizes.push(rows.length);
      abort?.abort();
    }
    return sizes;
  }

  it('the activity report reads every batch, and stops after the one in hand once its signal aborts', async () => {
    const repo = t.app.get(ReportRepository);
    expect(await batches(repo.stream(filter, new AbortController().signal))).toEqual([2000, 501]);
    const gone = new AbortController();
    expect(await batches(repo.stream(filter, gone.signal), gone)).toEqual([2000]);
  });

  it('the productivity report stops once its signal aborts, and its connection is free again', async () => {
    const repo = t.app.get(ProductivityRepository);
    const gone = new AbortController();
    gone.abort();
    expect(await batches(repo.stream(filter, gone.signal))).toEqual([]);
    expect(await batches(repo.stream(filter, new AbortController().signal))).toEqual([1]);
  });
});
