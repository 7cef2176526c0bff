/**
 * Manifest ingestion end to end beside its two halves, in one run: parsing the same file alone, and a raw
 * COPY of the same rows. Prints figures, asserts nothing.
 *
 *   npm run build && node dist/bench/ingest.bench.js
 *
 * Env: BENCH_ROWS (100000), DATABASE_URL (else embedded).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import ExcelJS from 'exceljs';
import { from as copyFrom } from 'pg-copy-streams';
import { IngestService } from '../src/filewatcher/ingest.service.js';
import { parseManifest } from '../src/filewatcher/manifest-parser.js';
import { pressSiteReader } from '../src/filewatcher/readers/press-site.reader.js';
import type { InputFileModel } from '../src/filewatcher/readers/reader.js';
import { rssSampler, startBenchApp } from './bench-app.js';

const ROWS = Number(process.env.BENCH_ROWS ?? 100_000);
const HEADER = [
  'Program ID',
  'Title',
  'Episode Title',
  'Season',
  'Episode',
  'Image URL',
  'Image Type',
  'Language',
  'Rights',
  'Notes',
];

async function writeManifest(path: string): Promise<void> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useSharedStrings: false });
  const ws = wb.addWorksheet('Manifest');
  ws.addRow(HEADER).commit();
  for (let i = 1; i <= ROWS; i++) {
    ws.addRow([
      100_000 + Math.floor(i / 2),
      `Programme ${i}`,
      `Episode ${i % 40}`,
      1 + (i % 9),
      1 + (i % 24),
      `https://img.example.com/p/${i}.jpg`,
      i % 2 ? 'Poster' : 'Backdrop',
      i % 3 ? 'en' : 'es',
      null,
      null,
    ]).commit();
  }
  ws.commit();
  await wb.commit();
}

const csv = (v: string | number | null | undefined) =>
  v === null || v === undefined ? '' : `"${String(v).replace(/"/g, '""')}"`;

async function main(): Promise<void> {
  const b = await startBenchApp();
  try {
    const folder = join(b.config.filewatcher.ingestRoot, 'bench');
    mkdirSync(folder, { recursive: true });
    const file = join(folder, 'PS_bench.xlsx');
    let t0 = performance.now();
    await writeManifest(file);
    console.log(`wrote a ${ROWS}-row manifest in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    const opts = { ...b.config.filewatcher };

    // 1. end to end, first, so that its peak RSS is its own: the service's path (parse, insert, derive, move)
    const rss = rssSampler();
    t0 = performance.now();
    const summary = await b.app.get(IngestService).ingestFolder(folder);
    const e2eMs = performance.now() - t0;
    const peak = rss.stop();
    const moved = join(folder, 'processed', 'PS_bench.xlsx');

    // 2. parse alone (the same file, now in processed/)
    t0 = performance.now();
    const rows: InputFileModel[] = [];
    for await (const item of parseManifest(moved, pressSiteReader, opts))
      if ('row' in item) rows.push(item.row);
    const parseMs = performance.now() - t0;

    // 3. raw COPY of the same rows into a scratch copy of the table: logged, with its indexes and defaults
    //    (not a TEMP table, which would skip the WAL the service's own inserts pay for)
    const client = await b.pool.connect();
    await client.query('DROP TABLE IF EXISTS bench_raw_in');
    await client.query('CREATE TABLE bench_raw_in (LIKE smartcrop_inputfiles INCLUDING ALL)');
    t0 = performance.now();
    const lines = Readable.from(
      (function* () {
        for (const r of rows) {
          yield (
            [
              r.InputFileRef,
              r.ProviderName,
              r.ProgramId,
              r.ProgramTitle,
              r.EpisodeTitle,
              r.ImageUrl,
              r.ImageType,
              r.Language,
              r.RightsName,
              r.ImageNotes,
              r.SourceFile,
              r.SourceRow,
            ]
              .map(csv)
              .join(',') + '\n'
          );
        }
      })(),
    );
    await pipeline(
      lines,
      client.query(
        copyFrom(
          `COPY bench_raw_in (input_file_ref, provider_name, program_id, program_title, episode_title, image_url, image_type, language, rights_name, image_notes, source_file, source_row) FROM STDIN WITH (FORMAT csv)`,
        ),
      ),
    );
    const copyMs = performance.now() - t0;
    await client.query('DROP TABLE bench_raw_in');
    client.release();

    console.log(
      `parse alone      ${(parseMs / 1000).toFixed(2)} s  (${Math.round(ROWS / (parseMs / 1000))} rows/s)`,
    );
    console.log(
      `raw COPY         ${(copyMs / 1000).toFixed(2)} s  (${Math.round(ROWS / (copyMs / 1000))} rows/s)`,
    );
    console.log(
      `end to end       ${(e2eMs / 1000).toFixed(2)} s  (${Math.round(ROWS / (e2eMs / 1000))} rows/s), ${summary.RowsInserted} rows, ` +
        `${summary.ImagesDerived} images, peak RSS ${peak} MB (target < 400 MB)`,
    );
    console.log(`end to end / (parse + COPY) = ${(e2eMs / (parseMs + copyMs)).toFixed(2)} (target ≤ 1.5)`);
  } finally {
    await b.close();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
