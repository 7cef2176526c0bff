import { rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { startTestApp, testEnv, type TestApp, type TestUser } from '../harness/app.js';
import { startS3, type S3Fixture } from '../harness/s3.js';
import { startSftpServer, type SftpFixture } from '../harness/sftp-server.js';
import { buildCli, killJob, spawnJob } from './cli-process.js';
import { exportsDir, filesIn } from '../harness/export-files.js';

const PART = /^\.SmartCrop_\d{8}_\d{6}\.csv\.[0-9a-f]{8}\.part$/;

let build: { cli: string; dir: string };
beforeAll(async () => {
  build = await buildCli();
});
afterAll(() => rmSync(build.dir, { recursive: true, force: true }));

/** `npm run job -- <args>` against the test app's database and folders, stopping at `pauseAt`, then SIGKILLed. */
async function killedAt(t: TestApp, pauseAt: string, args: string[], env: Record<string, string>) {
  const job = spawnJob(
    build.cli,
    args,
    { ...testEnv(t.dir, t.database.url), ...env, SMARTCROP_PAUSE_AT: pauseAt },
    t.dir,
  );
  await job.paused;
  await killJob(job, t.db);
}

async function runs(t: TestApp, job = 'batch') {
  return t.db.query<{ trigger: string; outcome: string; rows: number; files: string[]; finished: boolean }[]>(
    `SELECT trigger, outcome, rows::int, files, finished_at IS NOT NULL AS finished FROM smartcrop_job_run
      WHERE job = $1 ORDER BY id`,
    [job],
  );
}

async function statuses(t: TestApp, ids: number[]) {
  return t.db.query<{ status: number; output_file_name: string | null }[]>(
    `SELECT status, output_file_name FROM smartcrop_programimage WHERE id = ANY($1) ORDER BY id`,
    [ids],
  );
}

describe('a batch killed mid-way, folder target', () => {
  let t: TestApp;
  let admin: TestUser;
  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.createUser('Admin');
  });
  afterAll(() => t.close());
  const post = (path: string) => t.http().post(path).set('Authorization', `Bearer ${admin.token}`);

  it('killed during the upload: the next run removes its .part, marks it interrupted and exports the images', async () => {
    const img = await t.factory.programImage({ Status: 3, Renditions: [1, 2] });
    await killedAt(t, 'transfer:renaming', ['batch'], {});
    expect(filesIn(exportsDir(t.dir)).filter((f) => PART.test(f))).toHaveLength(1);
    expect(filesIn(exportsDir(t.dir, '.work'))).toHaveLength(1);
    expect(await runs(t)).toEqual([
      { trigger: 'cli', outcome: 'running', rows: 0, files: [], finished: false },
    ]);
    expect(await statuses(t, [img.id])).toEqual([{ status: 3, output_file_name: null }]);

    const res = await post('/batchjob/run').expect(200);
    const [file] = res.body.Data.Files as string[];
    expect(filesIn(exportsDir(t.dir))).toEqual([file]);
    expect(filesIn(exportsDir(t.dir, '.work'))).toEqual([]);
    expect(await runs(t)).toEqual([
      { trigger: 'cli', outcome: 'interrupted', rows: 0, files: [], finished: true },
      { trigger: 'api', outcome: 'success', rows: 2, files: [file], finished: true },
    ]);
    expect(await statuses(t, [img.id])).toEqual([{ status: 5, output_file_name: file }]);
  });

  it('killed right after its stamp committed: the run is on record as a success with its file', async () => {
    const img = await t.factory.programImage({ Status: 3, Renditions: [1, 3, 4] });
    const before = filesIn(exportsDir(t.dir));
    await killedAt(t, 'batch:committed', ['batch'], {});
    const [file] = filesIn(exportsDir(t.dir)).filter((f) => !before.includes(f));
    expect(file).toMatch(/^SmartCrop_\d{8}_\d{6}\.csv$/);
    expect(await statuses(t, [img.id])).toEqual([{ status: 5, output_file_name: file }]);
    const killed = { trigger: 'cli', outcome: 'success', rows: 3, files: [file], finished: true };
    expect((await runs(t)).at(-1)).toEqual(killed);
    // it finished after its file was delivered (not when the stamp's transaction began)
    const [{ finished_at }] = await t.db.query<{ finished_at: Date }[]>(
      `SELECT finished_at FROM smartcrop_job_run WHERE job = 'batch' ORDER BY id DESC LIMIT 1`,
    );
    expect(finished_at.getTime()).toBeGreaterThanOrEqual(
      Math.floor(statSync(join(exportsDir(t.dir), file)).mtimeMs),
    );

    // the next run finds nothing left and leaves the killed run as it was
    const res = await post('/batchjob/run').expect(200);
    expect(res.body.Data.Outcome).toBe('nothing_to_export');
    expect((await runs(t)).at(-2)).toEqual(killed);
  });

  it('a dump killed during an upload leaves a .part the next dump removes', async () => {
    await killedAt(t, 'transfer:renaming', ['dump', '--date-range', '2'], {});
    const left = filesIn(exportsDir(t.dir, 'dump'));
    expect(left).toEqual([
      expect.stringMatching(/^\.SmartCrop_Programme_\d{8}_\d{6}\.csv\.[0-9a-f]{8}\.part$/),
    ]);
    const res = await post('/dumpdata/run?date_range=1').expect(200);
    const files = res.body.Data.Files as string[];
    expect(filesIn(exportsDir(t.dir, 'dump'))).toEqual(files.filter((f) => !f.includes('_Audit_')).sort());
    expect((await runs(t, 'dump')).map((r) => r.outcome)).toEqual(['interrupted', 'success']);
  });
});

describe('a batch killed during the upload, SFTP target', () => {
  let sftp: SftpFixture;
  let t: TestApp;
  let admin: TestUser;
  const env = () => ({ ...sftp.env(), EXPORT_TARGET: 'sftp', EXPORT_DIR: '/manifests' });
  beforeAll(async () => {
    sftp = await startSftpServer();
    t = await startTestApp(env());
    admin = await t.createUser('Admin');
  });
  afterAll(async () => {
    await t.close();
    await sftp.stop();
  });

  it('the next run removes the .part from the SFTP directory and delivers the file', async () => {
    const img = await t.factory.programImage({ Status: 3, Renditions: [1, 2] });
    await killedAt(t, 'transfer:renaming', ['batch'], env());
    expect(filesIn(join(sftp.root, 'manifests')).filter((f) => PART.test(f))).toHaveLength(1);

    const res = await t
      .http()
      .post('/batchjob/run')
      .set('Authorization', `Bearer ${admin.token}`)
      .expect(200);
    const [file] = res.body.Data.Files as string[];
    expect(filesIn(join(sftp.root, 'manifests'))).toEqual([file]);
    expect(await statuses(t, [img.id])).toEqual([{ status: 5, output_file_name: file }]);
    expect((await runs(t)).map((r) => r.outcome)).toEqual(['interrupted', 'success']);
  });
});

describe('a batch killed during the upload, S3 target', () => {
  let s3: S3Fixture;
  let t: TestApp;
  let admin: TestUser;
  const env = () => ({ ...s3.env('kill-bucket'), EXPORT_TARGET: 's3', EXPORT_S3_PREFIX: 'manifests/' });
  beforeAll(async () => {
    s3 = await startS3();
    await s3.createBucket('kill-bucket');
    t = await startTestApp(env());
    admin = await t.createUser('Admin');
  });
  afterAll(async () => {
    await t.close();
    await s3.close();
  });

  it('the next run deletes the temporary key and delivers the file', async () => {
    const client = new S3Client({
      endpoint: s3.endpoint,
      region: 'us-east-1',
      forcePathStyle: true,
      credentials: { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey },
    });
    const keys = async () =>
      ((await client.send(new ListObjectsV2Command({ Bucket: 'kill-bucket' }))).Contents ?? []).map(
        (o) => o.Key,
      );
    await t.factory.programImage({ Status: 3, Renditions: [1] });
    await killedAt(t, 'transfer:renaming', ['batch'], env());
    const left = await keys();
    expect(left).toEqual([
      expect.stringMatching(/^manifests\/\.tmp\/\.SmartCrop_\d{8}_\d{6}\.csv\.[0-9a-f]{8}\.part$/),
    ]);

    const res = await t
      .http()
      .post('/batchjob/run')
      .set('Authorization', `Bearer ${admin.token}`)
      .expect(200);
    const [file] = res.body.Data.Files as string[];
    expect(await keys()).toEqual([`manifests/${file}`]);
  });
});
