/**
 * Format and dimensions read from an image's first bytes, in plain JavaScript, so nothing reaches a
 * decoder before we know it is JPEG, PNG or WebP and how many pixels it claims. libvips would happily render
 * SVG (scripted filters that pin a core for minutes), PDF, HEIF, TIFF or GIF if handed them.
 */
export type ImageFormat = 'jpeg' | 'png' | 'webp';

export interface ImageHeader {
  format: ImageFormat;
  width: number;
  height: number;
}

/** The bytes are another kind of file (named in `kind`), or one of ours with a header we cannot read. */
export class ImageHeaderError extends Error {
  constructor(
    message: string,
    readonly kind?: string,
  ) {
    super(message);
  }
}

/** Progressive JPEGs have about ten scans; each one is a pass over every pixel, so thousands are a CPU bomb. */
export const MAX_JPEG_SCANS = 100;

const ascii = (b: Buffer, at: number, len: number) => b.toString('latin1', at, at + len);

const starts = (b: Buffer, sig: number[]) => sig.every((byte, i) => b[i] === byte);

/** What the bytes look like when they are not one of ours, for a message that says what was sent. */
function otherKind(b: Buffer): string | undefined {
  const head = ascii(b, 0, Math.min(b.length, 512)).replace(/^\uFEFF/, '');
  if (/^\s*(<\?xml|<!doctype svg|<svg)/i.test(head) || /<svg[\s>]/i.test(head)) return 'SVG';
  if (b[0] === 0x1f && b[1] === 0x8b) return 'gzip (e.g. SVGZ)';
  if (/^GIF8[79]a/.test(head)) return 'GIF';
  if (/^(II\*\0|MM\0\*)/.test(head)) return 'TIFF';
  if (/^%PDF-/.test(head)) return 'PDF';
  if (/^%!PS/.test(head)) return 'PostScript';
  if (/^BM/.test(head)) return 'BMP';
  if (ascii(b, 4, 4) === 'ftyp') return /^(avi[fs])/.test(ascii(b, 8, 4)) ? 'AVIF' : 'HEIF/ISO media';
  if (starts(b, [0, 0, 0, 12, 0x4a, 0x58, 0x4c, 0x20]) || starts(b, [0xff, 0x0a])) return 'JPEG XL';
  if (starts(b, [0, 0, 0, 12, 0x6a, 0x50, 0x20, 0x20]) || starts(b, [0xff, 0x4f, 0xff, 0x51]))
    return 'JPEG 2000';
  if (/^8BPS/.test(head)) return 'Photoshop';
  if (starts(b, [0, 0, 1, 0])) return 'ICO';
  if (/^(P[1-7]|PF)\s/.test(head)) return 'Netpbm';
  if (/^(\xef\xbb\xbf)?\s*</.test(head)) return 'XML/HTML';
  return undefined;
}

/**
 * The format (from the magic signature) and the pixel size (from the header) of a JPEG, PNG or WebP.
 * Throws ImageHeaderError for anything else, or when the header is missing or malformed.
 */
export function readImageHeader(b: Buffer): ImageHeader {
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return jpegHeader(b);
  if (b.length >= 8 && b.readUInt32BE(0) === 0x89504e47 && b.readUInt32BE(4) === 0x0d0a1a0a)
    return pngHeader(b);
  if (b.length >= 12 && ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 4) === 'WEBP') return webpHeader(b);
  const kind = otherKind(b);
  throw new ImageHeaderError(
    kind ? `only JPEG, PNG and WebP are accepted, not ${kind}` : 'not a readable JPEG, PNG or WebP image',
    kind,
  );
}

const unreadable = (what: string) => new ImageHeaderError(`not a readable JPEG, PNG or WebP image (${what})`);

function sized(format: ImageFormat, width: number, height: number): ImageHeader {
  if (!(width > 0 && height > 0)) throw unreadable(`${format} header gives no size`);
  return { format, width, height };
}

function pngHeader(b: Buffer): ImageHeader {
  // the IHDR chunk must come first: length 13, then width and height as 32-bit big-endian
  if (b.length < 24 || b.readUInt32BE(8) !== 13 || ascii(b, 12, 4) !== 'IHDR')
    throw unreadable('no PNG IHDR');
  return sized('png', b.readUInt32BE(16), b.readUInt32BE(20));
}

function webpHeader(b: Buffer): ImageHeader {
  const chunk = ascii(b, 12, 4);
  if (chunk === 'VP8 ' && b.length >= 30 && b[23] === 0x9d && b[24] === 0x01 && b[25] === 0x2a) {
    return sized('webp', b.readUInt16LE(26) & 0x3fff, b.readUInt16LE(28) & 0x3fff);
  }
  if (chunk === 'VP8L' && b.length >= 25 && b[20] === 0x2f) {
    const bits = b.readUInt32LE(21);
    return sized('webp', (bits & 0x3fff) + 1, ((bits >>> 14) & 0x3fff) + 1);
  }
  if (chunk === 'VP8X' && b.length >= 30) {
    return sized('webp', b.readUIntLE(24, 3) + 1, b.readUIntLE(27, 3) + 1);
  }
  throw unreadable('no WebP frame header');
}

const SOF = new Set([0xc0, 0xc1, 0xc2, 0xc3, 0xc5, 0xc6, 0xc7, 0xc9, 0xca, 0xcb, 0xcd, 0xce, 0xcf]);

/**
 * Walks the JPEG markers: the first SOF gives the size; every SOS is counted through the entropy-coded
 * data (a marker there is 0xFF followed by anything but 0x00 or a restart marker). Linear in the file size.
 */
function jpegHeader(b: Buffer): ImageHeader {
  let size: { width: number; height: number } | undefined;
  let scans = 0;
  let i = 2;
  while (i + 1 < b.length) {
    if (b[i] !== 0xff) throw unreadable('bad JPEG marker');
    const marker = b[i + 1];
    if (marker === 0xff) {
      i++; // fill byte
      continue;
    }
    if (marker === 0xd9) break; // EOI
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      i += 2;
      continue;
    }
    if (i + 4 > b.length) break;
    const len = b.readUInt16BE(i + 2);
    if (len < 2) throw unreadable('bad JPEG segment');
    if (SOF.has(marker) && !size) {
      if (i + 9 > b.length) break;
      size = { height: b.readUInt16BE(i + 5), width: b.readUInt16BE(i + 7) };
    }
    i += 2 + len;
    if (marker === 0xda) {
      if (++scans > MAX_JPEG_SCANS) {
        throw new ImageHeaderError(`the JPEG has more than ${MAX_JPEG_SCANS} scans`, 'JPEG scan bomb');
      }
      // skip entropy-coded data up to the next real marker
      for (i = b.indexOf(0xff, i); i !== -1 && i + 1 < b.length; i = b.indexOf(0xff, i + 1)) {
        const next = b[i + 1];
        if (next !== 0x00 && !(next >= 0xd0 && next <= 0xd7)) break;
      }
      if (i === -1) break;
    }
  }
  if (!size) throw unreadable('no JPEG frame header');
  return sized('jpeg', size.width, size.height);
}
