import { crc32, deflateRawSync } from 'node:zlib';

/** One entry of a hand-built zip; every field that an honest writer derives can be set to a lie. */
export interface ZipEntry {
  name: string | Buffer;
  /** The entry's content; `compressed` replaces what is stored (e.g. a deflate stream built elsewhere). */
  data?: Buffer | string;
  compressed?: Buffer;
  method?: number; // 0 stored, 8 deflate (default); anything else as given
  /** What the headers claim the entry inflates to (default: the truth). */
  claimedSize?: number;
  /** The CRC-32 of the inflated content, for an entry given only `compressed` (default: of `data`). */
  crc?: number;
  /** General-purpose flags: 1 = encrypted, 0x800 = UTF-8 name (0x8, the data descriptor, is set by `descriptor`). */
  flags?: number;
  /** Sizes and CRC after the data, as streaming writers (exceljs/archiver) do. */
  descriptor?: boolean;
  /** A name in the central directory other than the local header's. */
  centralName?: string;
}

/**
 * Writes a zip byte by byte, so that a test can build what no zip library would: headers that lie about
 * sizes, duplicate or traversal names, encrypted flags, non-UTF-8 names, a local header that disagrees
 * with the directory. Without such options the result is an ordinary zip (`unzip -t` accepts it).
 */
export function zip(entries: ZipEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.isBuffer(e.name) ? e.name : Buffer.from(e.name);
    const raw = e.data === undefined ? Buffer.alloc(0) : Buffer.from(e.data);
    const method = e.method ?? 8;
    const body = e.compressed ?? (method === 8 ? deflateRawSync(raw) : raw);
    const crc = e.crc ?? crc32(raw);
    const size = e.claimedSize ?? raw.length;
    const flags = (e.flags ?? 0x800) | (e.descriptor ? 0x8 : 0);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(flags, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt16LE(0x21, 12); // 1980-01-01
    if (!e.descriptor) {
      local.writeUInt32LE(crc, 14);
      local.writeUInt32LE(body.length, 18);
      local.writeUInt32LE(size, 22);
    }
    local.writeUInt16LE(name.length, 26);
    const parts = [local, name, body];
    if (e.descriptor) {
      const dd = Buffer.alloc(16);
      dd.writeUInt32LE(0x08074b50, 0);
      dd.writeUInt32LE(crc, 4);
      dd.writeUInt32LE(body.length, 8);
      dd.writeUInt32LE(size, 12);
      parts.push(dd);
    }
    const centralName = e.centralName === undefined ? name : Buffer.from(e.centralName);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(flags, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt16LE(0x21, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(centralName.length, 28);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, centralName);
    locals.push(...parts);
    offset += parts.reduce((n, p) => n + p.length, 0);
  }
  const dir = Buffer.concat(centrals);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(entries.length, 8);
  eocd.writeUInt16LE(entries.length, 10);
  eocd.writeUInt32LE(dir.length, 12);
  eocd.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, dir, eocd]);
}
