import { createReadStream } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { Transform, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { crc32, createInflateRaw } from 'node:zlib';
import { ManifestRejected } from './manifest-rejected.js';
import { readZipDirectory, type ZipEntry } from './zip-directory.js';

export interface ZipLimits {
  /** Bytes all entries together may inflate to. */
  maxInflatedBytes: number;
  /**
   * Bytes any one entry but a worksheet may inflate to: exceljs holds those parts (shared strings, styles,
   * relationships) in memory whole, at about 2.5 times their size. Worksheets are read streaming and only
   * count toward the total.
   */
  maxPartBytes: number;
  /** An entry that inflates past 1 MB may not expand more than this many times its compressed size. */
  maxRatio?: number;
  maxEntries?: number;
}

const LOCAL = 0x04034b50;
const DESCRIPTOR = Buffer.from([0x50, 0x4b, 0x07, 0x08]);
const MB = 1024 * 1024;
// OOXML parts may not carry a DTD (ECMA-376 part 2, 8.1.4), so no honest file has one; refusing it keeps
// entity expansion and external entities away from the XML parser whatever that parser would do with them
const DTD = Buffer.from('<!DOCTYPE');
const WORKSHEET = /^xl\/worksheets\/sheet\d+\.xml$/;
const mb = (n: number) => `${Math.round(n / MB)} MB`;
const quoted = (name: string) => JSON.stringify(name.length > 80 ? `${name.slice(0, 80)}…` : name);
const disagree = (name: string) =>
  new ManifestRejected(`the zip's local headers disagree with its directory (at entry ${quoted(name)})`);

/**
 * Refuses a manifest before any parser touches it unless it is a plain, honest zip of an .xlsx workbook:
 * names without traversal or duplicates, no encryption, deflate or stored only, and every entry's local
 * header where the directory says, agreeing with it and leaving no unlisted bytes between entries (so that
 * a streaming reader, which reads local headers in order, sees exactly the entries checked here).
 * Then every entry is inflated once, streaming, counting the real bytes: the file is refused the moment
 * an entry inflates past what its header claims, past the per-entry or total cap, or past the ratio; memory
 * stays at a few stream buffers whatever the file claims.
 */
export async function checkZip(path: string, limits: ZipLimits): Promise<void> {
  const fh = await open(path, 'r');
  try {
    const { size } = await fh.stat();
    const dir = await readZipDirectory(fh, size, limits.maxEntries ?? 10_000);
    checkNames(dir.entries);
    let total = 0;
    let expected = 0;
    for (const entry of [...dir.entries].sort((a, b) => a.localOffset - b.localOffset)) {
      if (entry.localOffset > expected) throw notListed();
      if (entry.localOffset < expected) throw disagree(entry.name);
      const data = await localData(fh, entry);
      expected = data.next;
      total += await inflateCounting(path, entry, data, {
        remaining: limits.maxInflatedBytes - total,
        maxInflatedBytes: limits.maxInflatedBytes,
        maxPartBytes: limits.maxPartBytes,
        maxRatio: limits.maxRatio ?? 200,
      });
    }
    if (expected !== dir.offset) throw notListed();
  } finally {
    await fh.close();
  }
}

const notListed = () => new ManifestRejected('the zip holds data not listed in its directory');

function checkNames(entries: ZipEntry[]): void {
  const seen = new Set<string>();
  for (const e of entries) {
    const segments = e.name.split('/');
    // eslint-disable-next-line no-control-regex
    if (!e.name || /^[/\\]|^[a-z]:|\\|[\u0000-\u001f]/i.test(e.name) || segments.includes('..')) {
      throw new ManifestRejected(`unsafe entry name ${quoted(e.name)} in the zip`);
    }
    // part names are case-insensitive (OPC): two spellings of one part are two readers' different files
    const key = e.name.toLowerCase();
    if (seen.has(key)) throw new ManifestRejected(`duplicate entry ${quoted(e.name)} in the zip`);
    seen.add(key);
    if (e.flags & 0x41)
      throw new ManifestRejected(`encrypted entry ${quoted(e.name)}: send the file unencrypted`);
    if (e.method !== 0 && e.method !== 8)
      throw new ManifestRejected(
        `entry ${quoted(e.name)} uses compression method ${e.method} (only deflate is read)`,
      );
  }
  const names = new Set(entries.map((e) => e.name));
  if (!names.has('xl/workbook.xml') || !entries.some((e) => WORKSHEET.test(e.name))) {
    throw new ManifestRejected('a zip but not an .xlsx workbook (no xl/workbook.xml with a worksheet)');
  }
}

/** Where an entry's compressed bytes lie, and whether a streaming reader finds their end by a signature. */
interface EntryData {
  start: number;
  /** Where the next local header must start. */
  next: number;
  descriptor: boolean;
}

/**
 * Finds an entry's compressed bytes the way a streaming reader does: the local header's size, or, for an
 * entry written with a data descriptor (local sizes zero), up to the descriptor's signature.
 */
async function localData(fh: FileHandle, e: ZipEntry): Promise<EntryData> {
  const header = Buffer.alloc(30);
  await fh.read(header, 0, 30, e.localOffset);
  if (header.readUInt32LE(0) !== LOCAL) throw disagree(e.name);
  const flags = header.readUInt16LE(6);
  const nameLength = header.readUInt16LE(26);
  const name = Buffer.alloc(nameLength);
  await fh.read(name, 0, nameLength, e.localOffset + 30);
  if (!name.equals(e.nameBytes) || header.readUInt16LE(8) !== e.method || (flags & 0x49) !== (e.flags & 0x49))
    throw disagree(e.name);
  const start = e.localOffset + 30 + nameLength + header.readUInt16LE(28);
  const localSize = header.readUInt32LE(18);
  if (!(flags & 0x8)) {
    if (localSize !== e.compressedSize || header.readUInt32LE(22) !== e.size) throw disagree(e.name);
    return { start, next: start + e.compressedSize, descriptor: false };
  }
  // a reader that trusts local sizes would not skip the descriptor: only zero sizes work with it
  if (localSize !== 0) throw disagree(e.name);
  const descriptor = Buffer.alloc(16);
  await fh.read(descriptor, 0, 16, start + e.compressedSize);
  if (
    !descriptor.subarray(0, 4).equals(DESCRIPTOR) ||
    descriptor.readUInt32LE(8) !== e.compressedSize ||
    descriptor.readUInt32LE(12) !== e.size
  )
    throw disagree(e.name);
  return { start, next: start + e.compressedSize + 16, descriptor: true };
}

interface Budget {
  /** What the entries before this one left of the total. */
  remaining: number;
  maxInflatedBytes: number;
  maxPartBytes: number;
  maxRatio: number;
}

/** `needle` in `chunk`, or straddling the end of the chunk before it (`tail`: its last bytes). */
function straddles(tail: Buffer, chunk: Buffer, needle: Buffer): boolean {
  if (chunk.includes(needle)) return true;
  return tail.length > 0 && Buffer.concat([tail, chunk.subarray(0, needle.length - 1)]).includes(needle);
}
const tailOf = (chunk: Buffer, needle: Buffer) =>
  chunk.subarray(Math.max(0, chunk.length - needle.length + 1));

/** Inflates one entry into nothing, counting: returns its real size, or throws at the first limit passed. */
async function inflateCounting(path: string, e: ZipEntry, data: EntryData, budget: Budget): Promise<number> {
  const entry = `entry ${quoted(e.name)}`;
  const isXml = /\.(xml|rels)$/i.test(e.name);
  const ratioLimit = Math.max(MB, budget.maxRatio * e.compressedSize);
  const partLimit = WORKSHEET.test(e.name) ? Infinity : budget.maxPartBytes;
  let count = 0;
  let crc = 0;
  let dtdTail: Buffer = Buffer.alloc(0);
  let sigTail: Buffer = Buffer.alloc(0);
  const limitPassed = (): string | undefined => {
    if (count > e.size) return `${entry} claims ${e.size} bytes but inflates to more`;
    if (count > partLimit) return `${entry} inflates to more than ${mb(partLimit)}`;
    if (count > budget.remaining)
      return `the workbook inflates to more than ${mb(budget.maxInflatedBytes)} in all`;
    if (count > ratioLimit)
      return `${entry} expands more than ${budget.maxRatio} times its compressed size (a zip bomb)`;
  };
  const meter = new Writable({
    write(chunk: Buffer, _enc, done) {
      count += chunk.length;
      crc = crc32(chunk, crc);
      let refused = limitPassed();
      if (!refused && isXml && straddles(dtdTail, chunk, DTD))
        refused = `${entry} declares a DTD (<!DOCTYPE>), which .xlsx parts may not`;
      dtdTail = tailOf(chunk, DTD);
      done(refused ? new ManifestRejected(refused) : null);
    },
  });
  // a streaming reader ends a descriptor entry at the first signature: one inside the data would cut it
  // there and read the rest as entries this guard never saw
  const signatures = new Transform({
    transform(chunk: Buffer, _enc, done) {
      if (straddles(sigTail, chunk, DESCRIPTOR)) return done(disagree(e.name));
      sigTail = tailOf(chunk, DESCRIPTOR);
      done(null, chunk);
    },
  });
  const stages: NodeJS.ReadWriteStream[] = [];
  if (data.descriptor) stages.push(signatures);
  if (e.method === 8) stages.push(createInflateRaw());
  try {
    if (e.compressedSize > 0) {
      const source = createReadStream(path, {
        start: data.start,
        end: data.start + e.compressedSize - 1,
        highWaterMark: 16 * 1024, // deflate expands at most ~1000 times: 16 KB in, 16 MB out at worst
      });
      await pipeline([source, ...stages, meter]);
    }
  } catch (err) {
    if (err instanceof ManifestRejected) throw err;
    throw new ManifestRejected(`${entry} is damaged (it does not inflate)`);
  }
  if (count !== e.size)
    throw new ManifestRejected(`${entry} claims ${e.size} bytes but inflates to ${count}`);
  if (crc >>> 0 !== e.crc >>> 0) throw new ManifestRejected(`${entry} is damaged (checksum mismatch)`);
  return count;
}
