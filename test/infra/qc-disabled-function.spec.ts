import pg from 'pg';
import { createTestDatabase, type TestDatabase } from '../harness/database.js';

/** smartcrop_qc_disabled(): the one place SQL asks whether the QA stage is off (unset means on). */
describe('smartcrop_qc_disabled()', () => {
  let db: TestDatabase;
  let c: pg.Client;

  beforeAll(async () => {
    db = await createTestDatabase();
    c = new pg.Client({ connectionString: db.url });
    await c.connect();
  });
  afterAll(async () => {
    await c.end();
    await db.drop();
  });

  const off = async () =>
    (await c.query<{ off: boolean }>('SELECT smartcrop_qc_disabled() AS off')).rows[0].off;
  const set = (value: string) =>
    c.query(
      `INSERT INTO smartcrop_setting (key, value) VALUES ('qc_disabled', $1::jsonb)
       ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
      [value],
    );

  it('is false with no setting, follows the setting, and reads anything but true as false', async () => {
    await c.query(`DELETE FROM smartcrop_setting WHERE key = 'qc_disabled'`);
    expect(await off()).toBe(false);
    await set('true');
    expect(await off()).toBe(true);
    await set('false');
    expect(await off()).toBe(false);
    await set('"true"');
    expect(await off()).toBe(false);
  });
});
