import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ListObjectsV2Command, GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { startTestApp, type TestApp, type TestUser } from '../harness/app.js';
import { startS3, type S3Fixture } from '../harness/s3.js';
import { startSftpServer, type SftpFixture } from '../harness/sftp-server.js';
import { filesIn, parseCsv } from '../harness/export-files.js';

async function lastRun(t: TestApp): Promise<{ outcome: string; error: string | null }> {
  const [r] = await t.db.query(
    `SELECT outcome, error FROM smartcrop_job_run WHERE job = 'batch' ORDER BY id DESC LIMIT 1`,
  );
  return r;
}

async function statuses(
  t: TestApp,
  ids: number[],
): Promise<{ status: number; output_file_name: string | null }[]> {
  return t.db.query(
    `SELECT status, output_file_name FROM smartcrop_programimage WHERE id = ANY($1) ORDER BY id`,
    [ids],
  );
}

describe('batch export to S3 through an outage', () => {
  let s3: S3Fixture;
  let t: TestApp;
  let admin: TestUser;
  let client: S3Client;

  beforeAll(async () => {
    s3 = await startS3();
    await s3.createBucket('exports-bucket');
    t = await startTestApp({
      ...s3.env('exports-bucket'),
      EXPORT_TARGET: 's3',
      EXPORT_S3_PREFIX: 'manifests/',
    });
    admin = await t.createUser('Admin');
    client = new S3Client({
      endpoint: s3.endpoint,
      region: 'us-east-1',
      forcePathStyle: true,
      credentials: { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey },
    });
  });
  afterAll(async () => {
    await t.close();
    await s3.close();
  });

  it('stamps nothing while S3 is down, records the error, and the rerun exports the same images', async () => {
    const images = [
      await t.factory.programImage({ Status: 3, Renditions: [1, 2] }),
      await t.factory.programImage({ Status: 3 }),
    ];
    const ids = images.map((i) => i.id);

    await s3.stop();
    try {
      const failed = await t.http().post('/batchjob/run').set('Authorization', `Bearer ${admin.token}`);
      expect(failed.status).toBe(500);
      expect(JSON.stringify(failed.body)).not.toMatch(/exports\/|\.work|SELECT/);
    } finally {
      await s3.start();
    }
    const run = await lastRun(t);
    expect(run.outcome).toBe('failed');
    expect(run.error).toMatch(/S3 upload of SmartCrop_\d{8}_\d{6}\.csv failed after \d+ attempts/);
    expect(await statuses(t, ids)).toEqual([
      { status: 3, output_file_name: null },
      { status: 3, output_file_name: null },
    ]);

    const ok = await t.http().post('/batchjob/run').set('Authorization', `Bearer ${admin.token}`);
    expect([ok.status, await lastRun(t)]).toEqual([200, { outcome: 'success', error: null }]);
    const [file] = ok.body.Data.Files as string[];
    expect(ok.body.Data).toMatchObject({ Outcome: 'success', Rows: 3 });
    expect(await statuses(t, ids)).toEqual([
      { status: 5, output_file_name: file },
      { status: 5, output_file_name: file },
    ]);
    const listed = await client.send(new ListObjectsV2Command({ Bucket: 'exports-bucket' }));
    // the temporary key is gone: only the final object is left
    expect((listed.Contents ?? []).map((o) => o.Key)).toEqual([`manifests/${file}`]);
    const obj = await client.send(
      new GetObjectCommand({ Bucket: 'exports-bucket', Key: `manifests/${file}` }),
    );
    const rows = parseCsv(await obj.Body!.transformToString());
    expect(
      rows
        .slice(1)
        .map((r) => Number(r[1]))
        .sort((x, y) => x - y),
    ).toEqual([ids[0], ids[0], ids[1]]);
  });
});

describe('exports to SFTP through an outage', () => {
  let sftp: SftpFixture;
  let t: TestApp;
  let admin: TestUser;

  beforeAll(async () => {
    sftp = await startSftpServer();
    t = await startTestApp({
      ...sftp.env(),
      EXPORT_TARGET: 'sftp',
      EXPORT_DIR: '/manifests',
      SFTP_OUTPUT_DIR: '/outgoing',
      SFTP_AUDIT_DIR: '/audit',
    });
    admin = await t.createUser('Admin');
  });
  afterAll(async () => {
    await t.close();
    await sftp.stop();
  });

  it('stamps nothing while SFTP is down, shows no file, and the rerun succeeds', async () => {
    const img = await t.factory.programImage({ Status: 3, Renditions: [1, 3] });
    sftp.suspend();
    try {
      await t.http().post('/batchjob/run').set('Authorization', `Bearer ${admin.token}`).expect(500);
    } finally {
      sftp.resume();
    }
    const run = await lastRun(t);
    expect(run.outcome).toBe('failed');
    expect(run.error).toMatch(/SFTP upload of SmartCrop_.*\.csv failed/);
    expect(await statuses(t, [img.id])).toEqual([{ status: 3, output_file_name: null }]);
    expect(filesIn(join(sftp.root, 'manifests'))).toEqual([]);

    const ok = await t.http().post('/batchjob/run').set('Authorization', `Bearer ${admin.token}`).expect(200);
    const [file] = ok.body.Data.Files as string[];
    expect(filesIn(join(sftp.root, 'manifests'))).toEqual([file]);
    const rows = parseCsv(readFileSync(join(sftp.root, 'manifests', file), 'utf8'));
    expect(rows).toHaveLength(3);
    expect(await statuses(t, [img.id])).toEqual([{ status: 5, output_file_name: file }]);
  });

  it('dumps three CSVs to the output directory and the audit CSV to the audit directory', async () => {
    const res = await t
      .http()
      .post('/dumpdata/run?date_range=7')
      .set('Authorization', `Bearer ${admin.token}`)
      .expect(200);
    const files = res.body.Data.Files as string[];
    expect(files).toHaveLength(4);
    const out = filesIn(join(sftp.root, 'outgoing'));
    expect(out).toEqual(files.filter((f) => !f.includes('_Audit_')).sort());
    const audit = filesIn(join(sftp.root, 'audit'));
    expect(audit).toEqual(files.filter((f) => f.includes('_Audit_')));
    const auditRows = parseCsv(readFileSync(join(sftp.root, 'audit', audit[0]), 'utf8'));
    expect(auditRows[0]).toContain('action');
    expect(auditRows.slice(1).some((r) => r.includes('export'))).toBe(true);
    // local copies are gone once uploaded
    expect(existsSync(join(t.dir, 'exports', '.work', `dump-${res.body.Data.RunId}`))).toBe(false);
  });

  it('keeps the dump files locally when their upload fails', async () => {
    sftp.suspend();
    let runId: number;
    try {
      await t
        .http()
        .post('/dumpdata/run?date_range=1')
        .set('Authorization', `Bearer ${admin.token}`)
        .expect(500);
      [{ id: runId }] = await t.db.query(
        `SELECT id::int FROM smartcrop_job_run WHERE job = 'dump' ORDER BY id DESC LIMIT 1`,
      );
    } finally {
      sftp.resume();
    }
    expect(filesIn(join(t.dir, 'exports', '.work', `dump-${runId}`))).toHaveLength(4);
  });
});
