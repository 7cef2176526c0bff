import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { utcStamp } from '../../src/infra/transfer/file-names.js';

let seq = 0;

export interface SeededImage {
  id: number;
  programId: number;
  renditions: number[];
}

/**
 * Seeds one programme image (with its input-file row) in `status`/`state`, plus a rendition per aspect
 * ratio id given, with public URLs on the S3 origin `https://origin.test/bucket/`.
 */
export async function seedImage(
  db: DataSource,
  opts: { status: number; state?: number; lockedBy?: number; aspects?: number[]; provider?: string },
): Promise<SeededImage> {
  const n = ++seq;
  const ref = `ref-${process.pid}-${n}-${Math.random().toString(36).slice(2, 8)}`;
  const programId = 1000 + n;
  const provider = opts.provider ?? 'PS_';
  await db.query(
    `INSERT INTO smartcrop_inputfiles (input_file_ref, provider_name, program_id, program_title, image_url,
                                       rights_name, source_file, source_row)
     VALUES ($1, $2, $3, $4, $5, 'TiVo Licensed', 'seed.xlsx', $6)`,
    [ref, provider, programId, `Title ${n}, "quoted"`, `https://src.test/${n}.jpg`, n],
  );
  const [img] = await db.query<{ id: string }[]>(
    `INSERT INTO smartcrop_programimage (link_object_id, provider_name, program_title, image_url, input_file_ref,
                                         status, current_state, locked_by, locked_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, CASE WHEN $8::int IS NULL THEN NULL ELSE now() END) RETURNING id`,
    [
      programId,
      provider,
      `Title ${n}, "quoted"`,
      `https://src.test/${n}.jpg`,
      ref,
      opts.status,
      opts.state ?? 0,
      opts.lockedBy ?? null,
    ],
  );
  const id = Number(img.id);
  const renditions: number[] = [];
  for (const aspect of opts.aspects ?? [1]) {
    const [r] = await db.query<{ id: string }[]>(
      `INSERT INTO smartcrop_aspectratioimages (programid, aspectratioid, imageid, x, y, width, height,
                                                storage_key, public_url, content_type, byte_size)
       VALUES ($1, $2, $3, 0, 0, 160, 90, $4, $5, 'image/jpeg', 1234) RETURNING id`,
      [
        programId,
        aspect,
        id,
        `crops/${id}/${aspect}.jpg`,
        `https://origin.test/bucket/crops/${id}/${aspect}.jpg`,
      ],
    );
    renditions.push(Number(r.id));
  }
  return { id, programId, renditions };
}

/** Minimal RFC 4180 parser (quoted fields, doubled quotes, embedded commas) for asserting CSV content. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const endField = () => {
    row.push(field);
    field = '';
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') endField();
    else if (c === '\n') {
      endField();
      rows.push(row);
      row = [];
    } else field += c;
  }
  if (field || row.length) {
    endField();
    rows.push(row);
  }
  return rows;
}

/** Files directly in `dir` (dot-files included, so a left-over temp file shows); [] when absent. */
export function filesIn(dir: string): string[] {
  try {
    return readdirSync(dir, { withFileTypes: true })
      .filter((d) => d.isFile())
      .map((d) => d.name)
      .sort();
  } catch {
    return [];
  }
}

export function readCsv(path: string): string[][] {
  return parseCsv(readFileSync(path, 'utf8'));
}

export const exportsDir = (dir: string, ...sub: string[]) => join(dir, 'exports', ...sub);

/**
 * Records an earlier, finished run of `job` that delivered a file named `name(stamp)` for every second from
 * one before now to five after; returns the first second after those, the stamp a run started now must take.
 */
export async function seedDeliveredSeconds(
  db: DataSource,
  job: string,
  name: (stamp: string) => string,
): Promise<string> {
  const now = Math.floor(Date.now() / 1000) * 1000;
  const taken = Array.from({ length: 7 }, (_, i) => name(utcStamp(new Date(now + (i - 1) * 1000))));
  await db.query(
    `INSERT INTO smartcrop_job_run (job, trigger, started_at, finished_at, outcome, files)
     VALUES ($1, 'cron', now() - interval '1 day', now() - interval '1 day', 'success', $2)`,
    [job, taken],
  );
  return utcStamp(new Date(now + 6000));
}
