import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { jest } from '@jest/globals';
import { Transfer } from '../../src/infra/transfer/transfer.js';
import { startTestApp, type TestApp, type TestUser } from '../harness/app.js';

describe('live progress and ?wait=false', () => {
  let t: TestApp;
  let admin: TestUser;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.createUser('Admin');
  });
  afterAll(() => t.close());

  const as = (token: string) => ({
    get: (path: string) => t.http().get(path).set('Authorization', `Bearer ${token}`),
    post: (path: string) => t.http().post(path).set('Authorization', `Bearer ${token}`),
  });
  const api = () => as(admin.token);

  /** Reads GET /jobs/runs/{id} until the run has finished (the job goes on after the 202). */
  async function finished(runId: number): Promise<Record<string, unknown>> {
    for (let i = 0; i < 400; i++) {
      const res = await api().get(`/jobs/runs/${runId}`).expect(200);
      if (res.body.Data.Outcome !== 'running') return res.body.Data as Record<string, unknown>;
      await sleep(25);
    }
    throw new Error(`run ${runId} did not finish`);
  }

  it('a batch with wait=false answers 202 with its RunId; the run shows its progress while it works', async () => {
    await t.factory.programImage({ Status: 3, Renditions: [1, 2, 3] });
    const transfer = t.app.get(Transfer);
    const upload = transfer.upload.bind(transfer);
    let uploading!: () => void;
    const reached = new Promise<void>((resolve) => (uploading = resolve));
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const spy = jest.spyOn(transfer, 'upload').mockImplementation(async (...args) => {
      uploading();
      await gate;
      return upload(...args);
    });
    try {
      const res = await api().post('/batchjob/run?wait=false').expect(202);
      expect(res.body).toEqual({ StatusCode: 202, Message: 'OK', Data: { RunId: expect.any(Number) } });
      const runId = res.body.Data.RunId as number;
      await reached;

      // the stamp's transaction is open on its own connection; the progress was written beside it
      const live = await api().get(`/jobs/runs/${runId}`).expect(200);
      expect(live.body.Data).toMatchObject({
        Job: 'batch',
        Trigger: 'api',
        Outcome: 'running',
        Progress: {
          Done: 3,
          Total: 3,
          Unit: 'rows',
          File: expect.stringMatching(/^SmartCrop_\d{8}_\d{6}\.csv$/),
        },
      });
      expect(live.body.Data.Progress.UpdatedAt).toMatch(/Z$/);
      // still one run at a time, whether the trigger waits or not
      await api().post('/batchjob/run?wait=false').expect(409);
      await api().post('/batchjob/run').expect(409);

      release();
      const done = await finished(runId);
      expect(done).toMatchObject({ Outcome: 'success', Rows: 3, Files: [live.body.Data.Progress.File] });
    } finally {
      release();
      spy.mockRestore();
    }
  });

  it('the dump and run-local take wait=false too; a bad input is still 400 before anything starts', async () => {
    const dump = await api().post('/dumpdata/run?date_range=1&wait=false').expect(202);
    expect(await finished(dump.body.Data.RunId as number)).toMatchObject({ Job: 'dump', Outcome: 'success' });
    await api().post('/dumpdata/run?date_range=0&wait=false').expect(400);
    await api().post('/dumpdata/run?date_range=1&wait=maybe').expect(400);

    const folder = join(t.config.filewatcher.ingestRoot, 'empty');
    mkdirSync(folder, { recursive: true });
    const ingest = await api()
      .post(`/filewatcher/run-local?folder_path=${encodeURIComponent(folder)}&wait=false`)
      .expect(202);
    expect(await finished(ingest.body.Data.RunId as number)).toMatchObject({
      Job: 'ingest',
      Outcome: 'no_files',
    });
    const outside = await api().post(
      `/filewatcher/run-local?folder_path=${encodeURIComponent(t.dir)}&wait=false`,
    );
    expect(outside.status).toBe(400);
    // the default still waits for the summary
    const waited = await api().post('/dumpdata/run?date_range=1').expect(200);
    expect(waited.body.Data).toMatchObject({ Outcome: 'success', RunId: expect.any(Number) });
  });

  it('GET /jobs/runs/{RunId}: 404 for an unknown run, 400 for a bad id, Admin only', async () => {
    const missing = await api().get('/jobs/runs/987654321').expect(404);
    expect(missing.body).toMatchObject({
      StatusCode: 404,
      Data: null,
      Message: expect.stringMatching(/987654321/),
    });
    for (const bad of ['abc', '0', '-1', '1.5', '99999999999999999999']) {
      await api().get(`/jobs/runs/${bad}`).expect(400);
    }
    const operator = await t.createUser('Operator');
    await as(operator.token).get('/jobs/runs/1').expect(403);
    await as(operator.token).post('/batchjob/run?wait=false').expect(403);
  });

  it('the description shows wait on every job trigger, the 202 answer, and the run with its Progress', async () => {
    const doc = (await t.http().get('/docs-json').expect(200)).body as {
      paths: Record<
        string,
        Record<string, { parameters?: { name: string; in: string }[]; responses: object }>
      >;
      components: { schemas: Record<string, { properties: Record<string, unknown> }> };
    };
    for (const path of [
      '/batchjob/run',
      '/filewatcher/batch/run',
      '/dumpdata/run',
      '/filewatcher/run-local',
    ]) {
      const op = doc.paths[path].post;
      expect(op.parameters?.filter((p) => p.name === 'wait' && p.in === 'query')).toHaveLength(1);
      expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(['200', '202']));
    }
    const get = doc.paths['/jobs/runs/{RunId}'].get;
    expect(get.parameters).toEqual([expect.objectContaining({ name: 'RunId', in: 'path' })]);
    expect(Object.keys(get.responses)).toEqual(expect.arrayContaining(['200', '404']));
    expect(Object.keys(doc.components.schemas.JobRunDto.properties)).toContain('Progress');
    expect(Object.keys(doc.components.schemas.JobProgressDto.properties)).toEqual(
      expect.arrayContaining(['Done', 'Total', 'Unit']),
    );
  });
});
