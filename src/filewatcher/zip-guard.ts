import { open } from 'node:fs/promises';

export class ManifestRejected extends Error {}

const EOCD_SIGNATURE = 0x06054b50;
const CENTRAL_SIGNATURE = 0x02014b50;

/**
 * Reads a zip's central directory (an .xlsx is a zip) without inflating anything, and refuses the file
 * before any parser touches it when it is not a whole zip, or when what it would expand to is out of
 * proportion: more than `maxUncompressed` bytes in all, or an entry that inflates more than `maxRatio`
 * times (a zip bomb). Zip64 markers are refused too: no honest manifest is 4 GB.
 */
export async function checkZip(path: string, maxUncompressed: number, maxRatio = 200): Promise<void> {
  const fh = await open(path, 'r');
  try {
    const { size } = await fh.stat();
    const tailSize = Math.min(size, 65_557);
    const tail = Buffer.alloc(tailSize);
    await fh.read(tail, 0, tailSize, size - tailSize);
    let eocd = -1;
    for (let i = tailSize - 22; i >= 0; i--) {
      if (tail.readUInt32LE(i) === EOCD_SIGNATURE) {
        eocd = i;
        break;
      }
    }
    if (eocd < 0) throw new ManifestRejected('not an .xlsx file (no zip directory: not a zip, or truncated)');
    const entries = tail.readUInt16LE(eocd + 10);
    const dirSize = tail.readUInt32LE(eocd + 12);
    const dirOffset = tail.readUInt32LE(eocd + 16);
    if (dirOffset === 0xffffffff || entries === 0xffff)
      throw new ManifestRejected('zip64 archives are not accepted');
    if (dirOffset + dirSize > size) throw new ManifestRejected('not an .xlsx file (truncated zip)');
    const dir = Buffer.alloc(dirSize);
    await fh.read(dir, 0, dirSize, dirOffset);
    let total = 0;
    let at = 0;
    for (let n = 0; n < entries; n++) {
      if (at + 46 > dir.length || dir.readUInt32LE(at) !== CENTRAL_SIGNATURE) {
        throw new ManifestRejected('not an .xlsx file (damaged zip directory)');
      }
      const compressed = dir.readUInt32LE(at + 20);
      const uncompressed = dir.readUInt32LE(at + 24);
      if (compressed === 0xffffffff || uncompressed === 0xffffffff)
        throw new ManifestRejected('zip64 entries are not accepted');
      total += uncompressed;
      if (uncompressed > 1_000_000 && uncompressed / Math.max(compressed, 1) > maxRatio) {
        throw new ManifestRejected(
          `suspicious compression (an entry expands ${Math.round(uncompressed / Math.max(compressed, 1))}×): refused as a zip bomb`,
        );
      }
      at += 46 + dir.readUInt16LE(at + 28) + dir.readUInt16LE(at + 30) + dir.readUInt16LE(at + 32);
    }
    if (total > maxUncompressed) {
      throw new ManifestRejected(
        `expands to ${Math.round(total / 1048576)} MB, over the ${Math.round(maxUncompressed / 1048576)} MB limit`,
      );
    }
  } finally {
    await fh.close();
  }
}
