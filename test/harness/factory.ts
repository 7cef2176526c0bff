import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { utcStamp } from '../../src/infra/transfer/file-names.js';
import { LockState, Stage } from '../../src/smartcrop/stage.js';

/**
 * Test data, built from defaults a test overrides with what it is about:
 * `t.factory.programImage({ Status: Stage.Completed, Renditions: [1, 2] })`. Each row kind has one
 * builder (its defaults) and every write goes through `insert`, which names the columns of the objects
 * it is given, so no column list is written twice and a column a test does not name keeps the
 * table's default. Every call makes fresh programmes and references, so tests never share rows.
 */
export type Factory = ReturnType<typeof factory>;

type Row = Record<string, unknown>;

/** Inserts rows into a table in one statement (the values typed by the table's own row type). */
async function insert<T = Row>(db: DataSource, table: string, rows: Row[]): Promise<T[]> {
  if (rows.length === 0) return [];
  const cols = Object.keys(rows[0]).join(', ');
  return db.query<T[]>(
    `INSERT INTO ${table} (${cols}) SELECT ${cols} FROM jsonb_populate_recordset(NULL::${table}, $1::jsonb) RETURNING *`,
    [JSON.stringify(rows)],
  );
}

/** One image as the exports read it: a title CSV must quote, a source URL, one 16:9 rendition. */
export interface ProgramImageSpec {
  Status: number;
  CurrentState?: number;
  LockedBy?: number;
  Provider?: string;
  /** The aspect-ratio ids it has renditions for, on the S3 origin `https://origin.test/bucket/`. */
  Renditions?: number[];
}

/** Programmes queued at a stage, oldest first (an hour ago, a millisecond apart), as ingestion leaves them. */
export interface QueueSpec {
  Provider?: string;
  Programs?: number;
  ImagesPerProgram?: number;
  Status?: number;
  ImageUrl?: string;
  Width?: number | null;
  Height?: number | null;
}

export interface CreatedImage {
  id: number;
  programId: number;
  /** The rendition row ids, in the order of `Renditions`. */
  renditions: number[];
}

let seq = 0;
let programSeq = 100_000 + Math.floor(Math.random() * 1_000_000);

const inputFile = (
  ref: string,
  provider: string,
  programId: number,
  title: string,
  url: string,
  row: number,
) => ({
  input_file_ref: ref,
  provider_name: provider,
  program_id: programId,
  program_title: title,
  image_url: url,
  rights_name: 'TiVo Licensed',
  source_file: 'seed.xlsx',
  source_row: row,
});

const programImage = (file: ReturnType<typeof inputFile>, status: number) => ({
  link_object_id: file.program_id,
  provider_name: file.provider_name,
  program_title: file.program_title,
  image_url: file.image_url,
  input_file_ref: file.input_file_ref,
  status,
});

export function factory(db: DataSource) {
  return {
    async programImage(o: ProgramImageSpec): Promise<CreatedImage> {
      const n = ++seq;
      const ref = `ref-${process.pid}-${n}-${randomBytes(3).toString('hex')}`;
      const programId = 1000 + n;
      const file = inputFile(
        ref,
        o.Provider ?? 'PS_',
        programId,
        `Title ${n}, "quoted"`,
        `https://src.test/${n}.jpg`,
        n,
      );
      await insert(db, 'smartcrop_inputfiles', [file]);
      const [img] = await insert<{ id: string }>(db, 'smartcrop_programimage', [
        {
          ...programImage(file, o.Status),
          current_state: o.CurrentState ?? LockState.Free,
          locked_by: o.LockedBy ?? null,
          locked_at: o.LockedBy === undefined ? null : new Date(),
        },
      ]);
      const id = Number(img.id);
      const renditions = await insert<{ id: string }>(
        db,
        'smartcrop_aspectratioimages',
        (o.Renditions ?? [1]).map((aspect) => ({
          programid: programId,
          aspectratioid: aspect,
          imageid: id,
          x: 0,
          y: 0,
          width: 160,
          height: 90,
          storage_key: `crops/${id}/${aspect}.jpg`,
          public_url: `https://origin.test/bucket/crops/${id}/${aspect}.jpg`,
          content_type: 'image/jpeg',
          byte_size: 1234,
        })),
      );
      return { id, programId, renditions: renditions.map((r) => Number(r.id)) };
    },

    /** Returns the ProgramIds in queue order. */
    async queue(o: QueueSpec = {}): Promise<number[]> {
      const programs = o.Programs ?? 1;
      const per = o.ImagesPerProgram ?? 1;
      const first = programSeq;
      programSeq += programs;
      const tag = randomBytes(4).toString('hex');
      const hourAgo = Date.now() - 3_600_000;
      const rows = Array.from({ length: programs * per }, (_, i) => {
        const programId = first + Math.floor(i / per);
        const file = inputFile(
          `${tag}-${i + 1}`,
          o.Provider ?? 'PressSite',
          programId,
          `Programme ${programId}`,
          o.ImageUrl ?? 'https://images.example.com/a.jpg',
          i + 1,
        );
        const size = {
          width: o.Width === undefined ? 1920 : o.Width,
          height: o.Height === undefined ? 1080 : o.Height,
        };
        return {
          file: { ...file, ...size },
          image: {
            ...programImage(file, o.Status ?? Stage.Operator),
            ...size,
            created_at: new Date(hourAgo + i + 1),
          },
        };
      });
      await insert(
        db,
        'smartcrop_inputfiles',
        rows.map((r) => r.file),
      );
      await insert(
        db,
        'smartcrop_programimage',
        rows.map((r) => r.image),
      );
      return Array.from({ length: programs }, (_, i) => first + i);
    },

    /** A user of the role (`passwordHash` as stored: argon2 for one who signs in). */
    async user(o: { role: string; email: string; passwordHash: string; active?: boolean }): Promise<number> {
      const rows: { id: number }[] = await db.query(`SELECT id FROM smartcrop_role WHERE role = $1`, [
        o.role,
      ]);
      if (!rows[0]) throw new Error(`no role ${o.role}`);
      const [created] = await insert<{ id: number }>(db, 'smartcrop_user', [
        {
          email: o.email,
          first_name: o.role,
          last_name: 'Tester',
          password_hash: o.passwordHash,
          role_id: rows[0].id,
          is_active: o.active ?? true,
        },
      ]);
      return created.id;
    },

    /**
     * An earlier, finished run of `job` that delivered a file named `name(stamp)` for every second from one
     * before now to five after; returns the first second after those, the stamp a run started now must take.
     */
    async deliveredSeconds(job: string, name: (stamp: string) => string): Promise<string> {
      const now = Math.floor(Date.now() / 1000) * 1000;
      const dayAgo = new Date(Date.now() - 86_400_000);
      await insert(db, 'smartcrop_job_run', [
        {
          job,
          trigger: 'cron',
          started_at: dayAgo,
          finished_at: dayAgo,
          outcome: 'success',
          files: Array.from({ length: 7 }, (_, i) => name(utcStamp(new Date(now + (i - 1) * 1000)))),
        },
      ]);
      return utcStamp(new Date(now + 6000));
    },
  };
}
