import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * - `smartcrop_job_run.progress`: live progress of a running job (`{ Done, Total?, Unit, UpdatedAt }`),
 *   written every few seconds from a connection of its own so the job's long transaction does not hide it
 *   (GET /jobs/runs/{RunId}). Null until a job reports any.
 * - The summaries already in the ledger get the PascalCase keys new runs write (`tick` → `Tick`, which the
 *   cron's once-per-tick check reads; `ms` → `TimingsMs`; a dump's per-file row counts keyed by the
 *   file's kind), so /jobs/runs gives one shape for old and new runs. The ledger is small (a few runs a
 *   day), so this reads and rewrites it in one pass. `down` drops the column and leaves the keys as they are.
 */
export class JobRunProgress1765230000000 implements MigrationInterface {
  name = 'JobRunProgress1765230000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE smartcrop_job_run ADD COLUMN progress jsonb`);
    const rows: { id: string; summary: unknown }[] = await q.query(
      `SELECT id, summary FROM smartcrop_job_run WHERE summary::text ~ '"[a-z][^"]*":'`,
    );
    for (const r of rows) {
      await q.query(`UPDATE smartcrop_job_run SET summary = $2 WHERE id = $1`, [
        r.id,
        JSON.stringify(pascalKeys(r.summary, '')),
      ]);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE smartcrop_job_run DROP COLUMN progress`);
  }
}

const RENAMED: Record<string, string> = { ms: 'TimingsMs' };

/** `SmartCrop_Programme_20261202_030000.csv` → `Programme`; other keys get a capital first letter. */
function pascalKey(key: string, parent: string): string {
  const kind = parent === 'rows' ? /^SmartCrop_([A-Za-z]+)_\d{8}_\d{6}\.csv$/.exec(key)?.[1] : undefined;
  return kind ?? RENAMED[key] ?? key.charAt(0).toUpperCase() + key.slice(1);
}

function pascalKeys(value: unknown, parent: string): unknown {
  if (Array.isArray(value)) return value.map((v) => pascalKeys(v, parent));
  if (!value || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [pascalKey(k, parent), pascalKeys(v, k)]));
}
