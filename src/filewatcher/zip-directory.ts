import type { FileHandle } from 'node:fs/promises';
import { ManifestRejected } from './manifest-rejected.js';

/** One entry as the zip's central directory lists it. */
export interface ZipEntry {
  name: string;
  nameBytes: Buffer;
  flags: number;
  method: number;
  crc: number;
  compressedSize: number;
  /** What the entry claims to inflate to. */
  size: number;
  localOffset: number;
}

export interface ZipDirectory {
  entries: ZipEntry[];
  /** Where the directory starts: the last entry's data must end exactly here. */
  offset: number;
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const ZIP64_LOCATOR = 0x07064b50;
const OLE_SIGNATURE = Buffer.from('d0cf11e0a1b11ae1', 'hex');
const utf8 = new TextDecoder('utf-8', { fatal: true });

const notXlsx = (why: string) => new ManifestRejected(`not an .xlsx file (${why})`);
const damaged = () => notXlsx('damaged zip directory');

async function readAt(fh: FileHandle, length: number, position: number): Promise<Buffer> {
  const buf = Buffer.alloc(length);
  const { bytesRead } = await fh.read(buf, 0, length, position);
  return buf.subarray(0, bytesRead);
}

/**
 * Reads and checks a zip's end record and central directory without inflating anything. Only the plain
 * layout every spreadsheet writer produces passes: one disk, no zip64, the directory right before the end
 * record, and the end record's comment reaching exactly to the end of the file.
 */
export async function readZipDirectory(
  fh: FileHandle,
  size: number,
  maxEntries: number,
): Promise<ZipDirectory> {
  const head = await readAt(fh, 8, 0);
  if (head.equals(OLE_SIGNATURE)) {
    // Office encrypts a password-protected workbook into an OLE compound file, the format .xls also uses
    throw new ManifestRejected(
      'not an .xlsx file: a password-protected .xlsx or an old .xls workbook (save it as a plain .xlsx)',
    );
  }
  if (size < 22) throw notXlsx('no zip directory: not a zip, or truncated');
  const tailSize = Math.min(size, 22 + 0xffff);
  const tail = await readAt(fh, tailSize, size - tailSize);
  let at = -1;
  for (let i = tail.length - 22; i >= 0; i--) {
    if (tail.readUInt32LE(i) === EOCD && i + 22 + tail.readUInt16LE(i + 20) === tail.length) {
      at = i;
      break;
    }
  }
  if (at < 0) throw notXlsx('no zip directory: not a zip, or truncated');
  const eocdOffset = size - tailSize + at;
  const count = tail.readUInt16LE(at + 10);
  const dirSize = tail.readUInt32LE(at + 12);
  const dirOffset = tail.readUInt32LE(at + 16);
  if (count === 0xffff || dirSize === 0xffffffff || dirOffset === 0xffffffff)
    throw new ManifestRejected('zip64 archives are not accepted');
  if (at >= 20 && tail.readUInt32LE(at - 20) === ZIP64_LOCATOR)
    throw new ManifestRejected('zip64 archives are not accepted');
  if (
    tail.readUInt16LE(at + 4) !== 0 ||
    tail.readUInt16LE(at + 6) !== 0 ||
    tail.readUInt16LE(at + 8) !== count
  )
    throw new ManifestRejected('multi-part zip archives are not accepted');
  if (dirOffset + dirSize !== eocdOffset) throw notXlsx('truncated or damaged zip');
  if (count > maxEntries) throw new ManifestRejected(`the zip has more than ${maxEntries} entries`);
  const dir = await readAt(fh, dirSize, dirOffset);
  if (dir.length !== dirSize) throw damaged();
  const entries: ZipEntry[] = [];
  let p = 0;
  for (let n = 0; n < count; n++) {
    if (p + 46 > dir.length || dir.readUInt32LE(p) !== CENTRAL) throw damaged();
    const nameLength = dir.readUInt16LE(p + 28);
    const next = p + 46 + nameLength + dir.readUInt16LE(p + 30) + dir.readUInt16LE(p + 32);
    if (next > dir.length) throw damaged();
    const nameBytes = dir.subarray(p + 46, p + 46 + nameLength);
    let name: string;
    try {
      name = utf8.decode(nameBytes);
    } catch {
      throw new ManifestRejected('a zip entry name is not valid UTF-8');
    }
    const entry: ZipEntry = {
      name,
      nameBytes,
      flags: dir.readUInt16LE(p + 8),
      method: dir.readUInt16LE(p + 10),
      crc: dir.readUInt32LE(p + 16),
      compressedSize: dir.readUInt32LE(p + 20),
      size: dir.readUInt32LE(p + 24),
      localOffset: dir.readUInt32LE(p + 42),
    };
    if (entry.compressedSize === 0xffffffff || entry.size === 0xffffffff || entry.localOffset === 0xffffffff)
      throw new ManifestRejected('zip64 entries are not accepted');
    entries.push(entry);
    p = next;
  }
  if (p !== dir.length) throw damaged();
  return { entries, offset: dirOffset };
}
