/**
 * Hostile manifests against the real app: how long each takes to be refused and the peak RSS while it is,
 * beside a legitimate 100k-row manifest (and the zip guard's share of its time). Prints figures, asserts
 * nothing.
 *
 *   npm run build && node --expose-gc dist/bench/manifest-guard.bench.js
 *
 * Env: DATABASE_URL (else embedded).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { crc32, createDeflateRaw } from 'node:zlib';
import ExcelJS from 'exceljs';
import { checkZip } from '../src/filewatcher/zip-guard.js';
import { zip, type ZipEntry } from '../test/harness/zip.js';
import { rssSampler, startBenchApp } from './bench-app.js';

const MB = 1024 * 1024;
const XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>';
const NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

/** Deflates `head`, then `body` repeated up to `total` bytes, streaming: the bench never holds the part. */
async function deflated(
  head: Buffer,
  body: Buffer,
  total: number,
): Promise<{ compressed: Buffer; crc: number; size: number }> {
  const out: Buffer[] = [];
  const z = createDeflateRaw({ level: 9 });
  z.on('data', (b: Buffer) => out.push(b));
  let crc = crc32(head);
  let size = head.length;
  z.write(head);
  while (size < total) {
    const piece = body.subarray(0, Math.min(body.length, total - size));
    crc = crc32(piece, crc);
    size += piece.length;
    if (!z.write(piece)) await new Promise((ok) => z.once('drain', ok));
  }
  const ended = new Promise((ok) => z.on('end', ok));
  z.end();
  await ended; // 'end', not 'finish': the last compressed bytes come out after the input is done
  return { compressed: Buffer.concat(out), crc, size };
}

/** A workbook's small parts around a big shared-strings part (prefix, repeated body, suffix). */
async function workbook(path: string, body: Buffer, megabytes: number, claim?: number): Promise<number> {
  const big = await deflated(Buffer.from(`${XML}<sst ${NS}>`), body, megabytes * MB);
  const entries: ZipEntry[] = [
    {
      name: '[Content_Types].xml',
      data: `${XML}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>`,
    },
    {
      name: 'xl/workbook.xml',
      data: `${XML}<workbook ${NS} xmlns:r="${REL}"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    },
    {
      name: 'xl/_rels/workbook.xml.rels',
      data: `${XML}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
    },
    {
      name: 'xl/sharedStrings.xml',
      compressed: big.compressed,
      crc: big.crc,
      claimedSize: claim ?? big.size,
    },
    {
      name: 'xl/worksheets/sheet1.xml',
      data: `${XML}<worksheet ${NS}><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Program ID</t></is></c></row></sheetData></worksheet>`,
    },
  ];
  const file = zip(entries);
  writeFileSync(path, file);
  return file.length;
}

async function goodManifest(path: string, rows: number): Promise<void> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useSharedStrings: true });
  const ws = wb.addWorksheet('Manifest');
  ws.addRow(['Program ID', 'Title', 'Image URL']).commit();
  for (let i = 1; i <= rows; i++)
    ws.addRow([500_000 + i, `Programme ${i}`, `https://img.example.com/p/${i}.jpg`]).commit();
  ws.commit();
  await wb.commit();
}

async function main(): Promise<void> {
  const bench = await startBenchApp();
  const token = await bench.token('Admin');
  const root = bench.config.filewatcher.ingestRoot;
  const zeros = Buffer.from('<si><t>'.padEnd(MB - 9, 'A') + '</t></si>');
  const distinct = Buffer.from(
    Array.from({ length: 40_000 }, (_, i) => `<si><t>s${(i * 7919).toString(36)}</t></si>`).join(''),
  );
  // the legitimate file first: RSS does not come down after the big cases
  const cases: { label: string; make: (p: string) => Promise<unknown> }[] = [
    { label: 'legitimate 100k rows', make: (p) => goodManifest(p, 100_000) },
    { label: '540 MB shared strings claiming 1000 bytes', make: (p) => workbook(p, zeros, 540, 1000) },
    { label: '540 MB shared strings, honest header', make: (p) => workbook(p, zeros, 540) },
    { label: '60 MB of distinct short strings (within the caps)', make: (p) => workbook(p, distinct, 60) },
    {
      label: '100 MB of distinct short strings (over the part cap)',
      make: (p) => workbook(p, distinct, 100),
    },
  ];
  console.log('case | file size | answer | outcome / reason | wall | peak RSS (base)');
  for (const [i, c] of cases.entries()) {
    const dir = join(root, `case${i}`);
    mkdirSync(dir, { recursive: true });
    const path = join(dir, `PS_case${i}.xlsx`);
    await c.make(path);
    const { size } = await import('node:fs').then((fs) => fs.statSync(path));
    (globalThis as { gc?: () => void }).gc?.();
    const base = Math.round(process.memoryUsage().rss / MB);
    const rss = rssSampler(10);
    const t0 = performance.now();
    const guard = await checkZip(path, {
      maxInflatedBytes: bench.config.filewatcher.maxInflatedBytes,
      maxPartBytes: bench.config.filewatcher.maxInflatedPartBytes,
    }).then(
      () => 'passes',
      (e: Error) => e.message,
    );
    const guardMs = performance.now() - t0;
    const t1 = performance.now();
    const res = await fetch(`${bench.base}/filewatcher/run-local?folder_path=${encodeURIComponent(dir)}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
    });
    const body = (await res.json()) as {
      Data: { Files: { Outcome: string; Reason?: string; RowsInserted?: number }[] };
    };
    const ms = performance.now() - t1;
    const f = body.Data?.Files?.[0];
    console.log(
      `${c.label} | ${(size / MB).toFixed(2)} MB | ${res.status} | ${f?.Outcome} ${f?.Reason ?? `${f?.RowsInserted} rows`} | run ${Math.round(ms)} ms (guard alone ${Math.round(guardMs)} ms: ${guard.slice(0, 40)}) | ${rss.stop()} MB (${base} MB)`,
    );
  }
  await bench.close();
}

void main();
