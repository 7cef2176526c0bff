import { DataSource } from 'typeorm';
import { migrations } from '../../migrations/index.js';
import { createTestDatabase, type TestDatabase } from '../harness/database.js';

const NAMED_RELATIONS = [
  'smartcrop_programimage',
  'smartcrop_aspectratioimages',
  'smartcrop_role',
  'smartcrop_rule',
  'smartcrop_user',
  'smartcrop_imagetype_lookup',
  'smartcrop_imagelanguage_lookup',
  'smartcrop_rejectreason_lookup',
  'smartcrop_aspectratio_lookup',
  'smartcrop_upload_files',
  'smartcrop_inputfiles',
  'programimage_audit',
  'smartcrop_job_run',
  'smartcrop_autocrop_counter',
  'view_smartcrop_total',
  'view_smartcrop_providerlist_total',
  'vwprogramimage',
  'vwaspectratioimages',
];

describe('migrations', () => {
  let database: TestDatabase;
  let ds: DataSource;

  beforeAll(async () => {
    database = await createTestDatabase({ migrated: false });
    ds = new DataSource({
      type: 'postgres',
      url: database.url,
      migrations,
      migrationsTransactionMode: 'each',
    });
    await ds.initialize();
  });

  afterAll(async () => {
    await ds.destroy();
    await database.drop();
  });

  async function relations(): Promise<string[]> {
    const rows: { name: string }[] = await ds.query(
      `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public'`,
    );
    return rows.map((r) => r.name);
  }

  async function functions(): Promise<string[]> {
    const rows: { name: string }[] = await ds.query(
      `SELECT p.proname AS name FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'public'`,
    );
    return rows.map((r) => r.name);
  }

  it('applies every migration on an empty database, creating every named table, view and function', async () => {
    const applied = await ds.runMigrations();
    expect(applied.map((m) => m.name)).toEqual(migrations.map((m) => m.name));
    expect(await relations()).toEqual(expect.arrayContaining(NAMED_RELATIONS));
    expect(await functions()).toEqual(
      expect.arrayContaining(['fncroppedimagereports', 'smartcrop_reports', 'programimage_audit_reports']),
    );
    const ratios: { title: string }[] = await ds.query(
      'SELECT title FROM smartcrop_aspectratio_lookup ORDER BY id',
    );
    expect(ratios.map((r) => r.title)).toEqual(['16:9', '4:3', '3:4', '2:3', '1:1']);
    const roles: { role: string }[] = await ds.query('SELECT role FROM smartcrop_role ORDER BY id');
    expect(roles.map((r) => r.role)).toEqual(['Admin', 'Operator', 'QA']);
    expect(await ds.showMigrations()).toBe(false);
  });

  it('enforces the state checks and unique keys on program images', async () => {
    await ds.query(`INSERT INTO smartcrop_inputfiles (input_file_ref, provider_name, program_id, program_title, image_url,
                    rights_name, source_file, source_row) VALUES ('p:1:u', 'p', 1, 't', 'http://x/1.jpg', 'r', 'f.xlsx', 2)`);
    const insert = (status: number, state: number) =>
      ds.query(
        `INSERT INTO smartcrop_programimage (link_object_id, provider_name, program_title, image_url, input_file_ref, status, current_state)
         VALUES (1, 'p', 't', 'http://x/1.jpg', 'p:1:u', $1, $2)`,
        [status, state],
      );
    await expect(insert(6, 0)).rejects.toThrow(/check/i);
    await expect(insert(1, 2)).rejects.toThrow(/check/i);
    await expect(insert(1, 1)).rejects.toThrow(/ck_programimage_lock/); // locked without an owner
    await insert(1, 0);
    await expect(insert(1, 0)).rejects.toThrow(/ux_programimage_ref/); // one image per input row
  });

  it('reverts every migration, leaving an empty schema', async () => {
    for (let i = 0; i < migrations.length; i++) await ds.undoLastMigration({ transaction: 'each' });
    const left = (await relations()).filter((name) => name !== 'migrations');
    expect(left).toEqual([]);
    expect(await functions()).toEqual([]);
  });
});
