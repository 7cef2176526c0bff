import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AppConfig } from '../config/config.js';
import type { Transfer } from '../infra/transfer/transfer.js';
import type { JobResult, JobRunner } from '../jobs/job-runner.js';
import type { BatchExportRepository, BatchExportSession, ManifestFile } from './batch-export.repository.js';
import { BatchJobService } from './batchjob.service.js';

/**
 * The small tier: the batch export's rules with its collaborators faked (no database, no target). The
 * fake session stands for BatchExportSession.stampAround: prepare, deliver, then commit, or roll back
 * when deliver fails.
 */
describe('BatchJobService (fakes)', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  function setup(eligible: number, upload: () => Promise<string>) {
    const steps: string[] = [];
    const dir = mkdtempSync(join(tmpdir(), 'smartcrop-batch-small-'));
    dirs.push(dir);
    let written: string | undefined;
    const session = {
      fixEligible: () => Promise.resolve({ images: eligible, renditions: eligible * 2 }),
      async stampAround(
        file: ManifestFile,
        _onLines: (lines: number) => void,
        deliver: (w: { rows: number; stamped: number }) => Promise<JobResult>,
      ): Promise<JobResult> {
        written = file.path;
        writeFileSync(file.path, 'csv');
        steps.push('prepared');
        try {
          const result = await deliver({ rows: eligible * 2, stamped: eligible });
          steps.push('committed');
          return result;
        } catch (err) {
          steps.push('rolled back');
          throw err;
        }
      },
    } as unknown as BatchExportSession;
    const exports = {
      session: <T>(work: (s: BatchExportSession) => Promise<T>) => work(session),
    } as unknown as BatchExportRepository;
    const transfer = {
      kind: 'folder',
      removeLeftovers: () => Promise.resolve([]),
      upload: async () => {
        steps.push('uploaded');
        return upload();
      },
    } as unknown as Transfer;
    const runner = { fileStamp: () => Promise.resolve('20261202_020000') } as unknown as JobRunner;
    const config = { exports: { localDir: dir } } as AppConfig;
    const service = new BatchJobService(config, runner, transfer, exports);
    return { service, steps, file: () => written };
  }

  it('uploads with the stamp prepared and commits only after the upload', async () => {
    const { service, steps, file } = setup(2, () =>
      Promise.resolve('/exports/SmartCrop_20261202_020000.csv'),
    );
    const result = await service.export(7, null);
    expect(steps).toEqual(['prepared', 'uploaded', 'committed']);
    expect(result).toMatchObject({
      outcome: 'success',
      rows: 4,
      files: ['SmartCrop_20261202_020000.csv'],
      summary: {
        Images: 2,
        Renditions: 4,
        Target: 'folder',
        Location: '/exports/SmartCrop_20261202_020000.csv',
      },
    });
    expect(file()).toMatch(/\.work\/7-SmartCrop_20261202_020000\.csv$/);
    expect(existsSync(file()!)).toBe(false); // the local copy is removed once delivered
  });

  it('a failed upload rolls the stamp back, fails the run and leaves no local copy', async () => {
    const { service, steps, file } = setup(2, () => Promise.reject(new Error('target away')));
    await expect(service.export(8, null)).rejects.toThrow('target away');
    expect(steps).toEqual(['prepared', 'uploaded', 'rolled back']);
    expect(existsSync(file()!)).toBe(false);
  });

  it('with nothing eligible, writes and uploads nothing', async () => {
    const { service, steps, file } = setup(0, () => Promise.resolve('x'));
    await expect(service.export(9, null)).resolves.toEqual({
      outcome: 'nothing_to_export',
      summary: { Images: 0 },
    });
    expect(steps).toEqual([]);
    expect(file()).toBeUndefined();
  });
});
