import { constants, crc32, deflateRawSync, gzipSync } from 'node:zlib';
import sharp from 'sharp';

/**
 * Hostile images built by code: files no decoder should see (vector, scripted, other formats) and files
 * whose header claims more pixels than a cap allows. Shared by test/smartcrop/hostile-images.spec.ts and
 * bench/images.bench.ts.
 */

/** The SVG of the field report: 16000x16000 of turbulence, blurred; rendering it pins a core for minutes. */
export const SVG_BOMB = Buffer.from(
  `<svg xmlns="http://www.w3.org/2000/svg" width="16000" height="16000">` +
    `<filter id="f" x="0" y="0" width="100%" height="100%">` +
    `<feTurbulence type="fractalNoise" baseFrequency="0.9" numOctaves="10" seed="7"/>` +
    `<feGaussianBlur stdDeviation="40"/></filter>` +
    `<rect width="100%" height="100%" filter="url(#f)"/></svg>`,
);

const SVG_SCRIPTED = Buffer.from(
  `\uFEFF<?xml version="1.0"?>\n<!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa">]>\n` +
    `<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10" onload="alert(1)">` +
    `<script>while(true){}</script><image href="http://169.254.169.254/latest/meta-data/"/></svg>`,
);

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(data, crc32(type)));
  return Buffer.concat([head, data, crc]);
}

/**
 * A valid PNG of `width` x `height` zero pixels (8-bit, grey or RGB) built in milliseconds however large:
 * one full-flushed deflate block of a MiB of zeros repeated, since a full flush resets the history.
 * At about 1000:1, 16000x16000 grey is ~250 KB on the wire and 256 MB decoded.
 */
export function zeroPng(width: number, height: number, channels: 1 | 3 = 1): Buffer {
  const raw = height * (1 + width * channels);
  const MiB = 1 << 20;
  const block = deflateRawSync(Buffer.alloc(MiB), { level: 9, finishFlush: constants.Z_FULL_FLUSH });
  const tail =
    raw % MiB ? [deflateRawSync(Buffer.alloc(raw % MiB), { finishFlush: constants.Z_FULL_FLUSH })] : [];
  const adler = Buffer.alloc(4);
  adler.writeUInt32BE((((raw % 65521) << 16) | 1) >>> 0);
  const stream = Buffer.concat([
    Buffer.from([0x78, 0xda]),
    ...Array<Buffer>(Math.floor(raw / MiB)).fill(block),
    ...tail,
    Buffer.from([0x03, 0x00]), // final, empty fixed-Huffman block
    adler,
  ]);
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8;
  ihdr[9] = channels === 1 ? 0 : 2;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', stream),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A real small JPEG whose frame header is rewritten to claim `width` x `height`. */
export async function lyingJpeg(width: number, height: number): Promise<Buffer> {
  const jpeg = await sharp({ create: { width: 64, height: 64, channels: 3, background: '#446' } })
    .jpeg()
    .toBuffer();
  const sof = jpeg.indexOf(Buffer.from([0xff, 0xc0]));
  jpeg.writeUInt16BE(height, sof + 5);
  jpeg.writeUInt16BE(width, sof + 7);
  return jpeg;
}

/** A real small WebP (extended format) whose canvas is rewritten to claim 16384 x 16384. */
export async function lyingWebp(): Promise<Buffer> {
  const webp = await sharp({ create: { width: 64, height: 64, channels: 4, background: '#4468' } })
    .webp({ lossless: true })
    .toBuffer();
  const vp8x = Buffer.alloc(18);
  vp8x.write('VP8X', 0, 'latin1');
  vp8x.writeUInt32LE(10, 4);
  vp8x[8] = 0x10; // alpha
  vp8x.writeUIntLE(16383, 12, 3);
  vp8x.writeUIntLE(16383, 15, 3);
  const body = Buffer.concat([Buffer.from('WEBP', 'latin1'), vp8x, webp.subarray(12)]);
  const riff = Buffer.alloc(8);
  riff.write('RIFF', 0, 'latin1');
  riff.writeUInt32LE(body.length, 4);
  return Buffer.concat([riff, body]);
}

export interface HostileImage {
  name: string;
  bytes: Buffer;
  /** What the refusal's message must say. */
  refusal: RegExp;
}

/** Every file a crop upload or a source fetch must refuse before decoding, with the reason it gets. */
export async function hostileCorpus(): Promise<HostileImage[]> {
  const tiny = sharp({ create: { width: 16, height: 16, channels: 3, background: '#a33' } });
  return [
    { name: 'SVG bomb (feTurbulence 16000x16000)', bytes: SVG_BOMB, refusal: /not SVG/ },
    { name: 'scripted SVG with BOM, prolog, entity', bytes: SVG_SCRIPTED, refusal: /not SVG/ },
    { name: 'SVGZ (gzipped SVG bomb)', bytes: gzipSync(SVG_BOMB), refusal: /not gzip/ },
    { name: 'GIF', bytes: await tiny.clone().gif().toBuffer(), refusal: /not GIF/ },
    { name: 'TIFF', bytes: await tiny.clone().tiff().toBuffer(), refusal: /not TIFF/ },
    { name: 'AVIF', bytes: await tiny.clone().avif({ effort: 0 }).toBuffer(), refusal: /not AVIF/ },
    {
      name: 'PDF',
      bytes: Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n'),
      refusal: /not PDF/,
    },
    { name: 'HTML', bytes: Buffer.from('<html><body><img src=x></body></html>'), refusal: /not XML\/HTML/ },
    {
      name: 'PNG 16000x16000 (256 MP)',
      bytes: zeroPng(16000, 16000),
      refusal: /16000x16000 \(256 megapixels\)/,
    },
    { name: 'decompression bomb PNG 60000x60000', bytes: zeroPng(60000, 60000), refusal: /3600 megapixels/ },
    { name: 'JPEG claiming 65000x65000', bytes: await lyingJpeg(65000, 65000), refusal: /megapixels/ },
    { name: 'WebP claiming 16384x16384', bytes: await lyingWebp(), refusal: /268.4 megapixels/ },
  ];
}

export interface CorruptImage {
  name: string;
  bytes: Buffer;
  /** Crop rectangle matching the header the file claims. */
  width: number;
  height: number;
  /**
   * A full decode (failOn 'truncated') accepts it: libjpeg conceals the missing blocks of a cut JPEG that
   * is closed with an EOI, and reads PNG bytes after JPEG headers as (garbage) entropy data, with warnings.
   */
  decodes?: true;
  /** The save accepts it too (the concealed cut JPEGs); the JPEG headers on a PNG body it refuses. */
  saved?: true;
}

/**
 * Files whose header reads as JPEG, PNG or WebP but whose pixels do not decode: cut short, cut and
 * "closed" again, overwritten, or one format's header on another's body. What a crop check must refuse
 * as a full decode does (test/smartcrop/corrupt-images.spec.ts).
 */
export async function corruptCorpus(): Promise<CorruptImage[]> {
  const size = { width: 640, height: 360 };
  const photo = sharp({
    create: { ...size, channels: 3, background: '#000', noise: { type: 'gaussian', mean: 128, sigma: 40 } },
  });
  const jpeg = await photo.clone().jpeg({ quality: 85 }).toBuffer();
  const progressive = await photo.clone().jpeg({ quality: 85, progressive: true }).toBuffer();
  const png = await photo.clone().png().toBuffer();
  const webp = await photo.clone().webp().toBuffer();
  const cut = (b: Buffer, keep: number) => b.subarray(0, Math.floor(b.length * keep));
  const eoi = Buffer.from([0xff, 0xd9]);
  // the JPEG's markers up to and including its scan header: what a decoder reads before the pixels
  const sos = jpeg.indexOf(Buffer.from([0xff, 0xda]));
  const jpegHead = jpeg.subarray(0, sos + 2 + jpeg.readUInt16BE(sos + 2));
  const files: [string, Buffer][] = [
    ['JPEG cut at half', cut(jpeg, 0.5)],
    ['JPEG cut 200 bytes short', jpeg.subarray(0, jpeg.length - 200)],
    ['JPEG cut at half, EOI appended', Buffer.concat([cut(jpeg, 0.5), eoi])],
    ['progressive JPEG cut at 60%', cut(progressive, 0.6)],
    ['progressive JPEG cut at 60%, EOI appended', Buffer.concat([cut(progressive, 0.6), eoi])],
    ['PNG cut at half', cut(png, 0.5)],
    ['PNG without its last 40 bytes', png.subarray(0, png.length - 40)],
    ['WebP cut at half', cut(webp, 0.5)],
    ['PNG header on a JPEG body', Buffer.concat([png.subarray(0, 33), jpeg.subarray(2)])],
    ['JPEG headers on a PNG body', Buffer.concat([jpegHead, png, eoi])],
  ];
  return files.map(([name, bytes]) => ({
    name,
    bytes,
    ...size,
    ...(/EOI appended/.test(name) ? { decodes: true as const, saved: true as const } : {}),
    ...(/on a PNG body/.test(name) ? { decodes: true as const } : {}),
  }));
}
