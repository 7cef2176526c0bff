import { PutObjectCommand } from '@aws-sdk/client-s3';
import { existsSync, mkdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startTestApp, type TestApp, type TestUser } from '../harness/app.js';
import { startS3, type S3Fixture } from '../harness/s3.js';
import { startSftpServer, type SftpFixture } from '../harness/sftp-server.js';
import { IngestService as IngestServiceToken } from '../../src/filewatcher/ingest.service.js';
import { writeManifest } from '../harness/xlsx.js';

const HEADER = ['Program ID', 'Title', 'Image URL'];

describe('filewatcher: downloads from S3 and SFTP', () => {
  let s3: S3Fixture;
  let sftp: SftpFixture;
  let t: TestApp;
  let admin: TestUser;

  beforeAll(async () => {
    [s3, sftp] = await Promise.all([startS3(), startSftpServer()]);
    await s3.createBucket('manifests');
    mkdirSync(join(sftp.root, 'incoming'), { recursive: true });
    t = await startTestApp({
      ...s3.env('renditions'),
      ...sftp.env(),
      FILEWATCHER_S3_SOURCES: 'manifests/drop/',
      SFTP_INPUT_DIR: '/incoming',
    });
    admin = await t.createUser('Admin');
  });
  afterAll(async () => {
    await t.close();
    await Promise.all([s3.close(), sftp.stop()]);
  });

  const post = (path: string) => t.http().post(path).set('Authorization', `Bearer ${admin.token}`);
  const staging = () => t.config.filewatcher.stagingDir;
  const manifest = async (rows: number[][]) => {
    const path = join(t.dir, `m-${Math.random()}.xlsx`);
    await writeManifest(
      path,
      HEADER,
      rows.map(([id]) => [id, `Programme ${id}`, `https://img.example.com/${id}.jpg`]),
    );
    return readFileSync(path);
  };

  it('downloads new .xlsx objects from S3 once, then ingests them from staging', async () => {
    await s3.client.send(
      new PutObjectCommand({
        Bucket: 'manifests',
        Key: 'drop/PS_s3.xlsx',
        Body: await manifest([[4101], [4102]]),
      }),
    );
    await s3.client.send(
      new PutObjectCommand({ Bucket: 'manifests', Key: 'drop/readme.txt', Body: 'not a manifest' }),
    );
    await s3.client.send(
      new PutObjectCommand({ Bucket: 'manifests', Key: 'elsewhere/PS_other.xlsx', Body: 'x' }),
    );
    const first = await post('/filewatcher/download-s3').expect(200);
    expect(first.body.Data).toEqual({ status: 'success', Files: ['PS_s3.xlsx'] });
    expect(existsSync(join(staging(), 'PS_s3.xlsx'))).toBe(true);
    const again = await post('/filewatcher/download-s3').expect(200);
    expect(again.body.Data).toEqual({ status: 'no_files', Files: [] });

    const ingested = await post(`/filewatcher/run-local?folder_path=${encodeURIComponent(staging())}`).expect(
      200,
    );
    expect(ingested.body.Data).toMatchObject({ Ingested: 1, RowsInserted: 2 });
    const rows: { status: string; source: string }[] = await t.db.query(
      `SELECT status, source FROM smartcrop_upload_files WHERE file_name = 'PS_s3.xlsx'`,
    );
    expect(rows).toEqual([{ status: 'ingested', source: 's3' }]);
    // still nothing new after ingest
    expect((await post('/filewatcher/download-s3').expect(200)).body.Data.status).toBe('no_files');
  });

  it('downloads new manifests from SFTP once, and says so when the server is down', async () => {
    writeFileSync(join(sftp.root, 'incoming', 'SLING_sftp.xlsx'), await manifest([[4201]]));
    writeFileSync(join(sftp.root, 'incoming', 'notes.txt'), 'x');
    const first = await post('/filewatcher/download-sftp').expect(200);
    expect(first.body.Data).toEqual({ status: 'success', Files: ['SLING_sftp.xlsx'] });
    expect((await post('/filewatcher/download-sftp').expect(200)).body.Data).toEqual({
      status: 'no_files',
      Files: [],
    });
    sftp.suspend();
    const down = await post('/filewatcher/download-sftp').expect(503);
    expect(down.body.Message).toBe('The SFTP manifest source could not be read; try again later');
    sftp.resume();
  });

  it('picks up, exactly once, a file whose download finished before a crash but was never ingested', async () => {
    // the state a crash leaves: recorded as downloaded, the file whole in staging, no rows yet
    const when = new Date('2026-11-20T10:00:00Z');
    writeFileSync(join(staging(), 'EMAIL_crash.xlsx'), await manifestEmail());
    utimesSync(join(staging(), 'EMAIL_crash.xlsx'), when, when);
    await t.db.query(
      `INSERT INTO smartcrop_upload_files (file_name, source, source_key, source_timestamp, status) VALUES ('EMAIL_crash.xlsx', 'sftp', '/incoming/EMAIL_crash.xlsx', $1, 'downloaded')`,
      [when],
    );
    const run = () => t.app.get(IngestServiceToken).runStaging('cli', null);
    const first = await run();
    expect(first.summary).toMatchObject({ Ingested: 1, RowsInserted: 1 });
    const second = await run();
    expect(second.summary).toMatchObject({ FilesSeen: 0 });
    const uploads: { n: number }[] = await t.db.query(
      `SELECT count(*)::int AS n FROM smartcrop_upload_files WHERE file_name = 'EMAIL_crash.xlsx'`,
    );
    expect(uploads[0].n).toBe(1);
    // and a download that died half-way ('pending', a .part left behind) is fetched again in full
    writeFileSync(join(sftp.root, 'incoming', 'PS_half.xlsx'), await manifest([[4301]]));
    writeFileSync(join(staging(), '.PS_half.xlsx.part'), 'half');
    const res = await post('/filewatcher/download-sftp').expect(200);
    expect(res.body.Data.Files).toEqual(['PS_half.xlsx']);
  });

  async function manifestEmail(): Promise<Buffer> {
    const path = join(t.dir, 'email.xlsx');
    await writeManifest(
      path,
      ['Program Id', 'Program Name', 'Image Link'],
      [[4401, 'Crash', 'https://img.example.com/4401.jpg']],
    );
    return readFileSync(path);
  }
});
