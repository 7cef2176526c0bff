import sharp from 'sharp';
import { MAX_JPEG_SCANS, readImageHeader } from '../../src/infra/image/image-header.js';
import { hostileCorpus, zeroPng } from '../smartcrop/hostile-corpus.js';
import { makeImage } from '../smartcrop/fixtures.js';

describe('readImageHeader: format from the signature, size from the header, no decoder involved', () => {
  it.each([
    ['png', 321, 123],
    ['jpeg', 640, 360],
    ['webp', 99, 77],
  ] as const)('reads a real %s of %ix%i', async (format, width, height) => {
    expect(readImageHeader(await makeImage(width, height, format))).toEqual({ format, width, height });
  });

  it('reads progressive JPEG, lossless WebP and extended WebP with alpha', async () => {
    const base = sharp({ create: { width: 300, height: 200, channels: 4, background: '#1234' } });
    expect(readImageHeader(await base.clone().jpeg({ progressive: true }).toBuffer())).toMatchObject({
      width: 300,
      height: 200,
    });
    expect(readImageHeader(await base.clone().webp({ lossless: true }).toBuffer())).toMatchObject({
      width: 300,
      height: 200,
    });
    expect(readImageHeader(await base.clone().webp({ quality: 50 }).toBuffer())).toMatchObject({
      width: 300,
      height: 200,
    });
  });

  it('builds zero PNGs that a decoder accepts, with the size they claim', async () => {
    const png = zeroPng(3000, 700, 3);
    const { info } = await sharp(png, { failOn: 'truncated' }).raw().toBuffer({ resolveWithObject: true });
    expect([info.width, info.height, info.channels]).toEqual([3000, 700, 3]);
    expect(readImageHeader(png)).toEqual({ format: 'png', width: 3000, height: 700 });
  });

  it('names what every other kind of file is, and reads the claimed size of the lying ones', async () => {
    const seen: Record<string, string> = {};
    for (const h of await hostileCorpus()) {
      try {
        const header = readImageHeader(h.bytes);
        seen[h.name] = `${header.width}x${header.height}`;
      } catch (err) {
        seen[h.name] = (err as Error).message;
      }
    }
    expect(seen).toEqual({
      'SVG bomb (feTurbulence 16000x16000)': 'only JPEG, PNG and WebP are accepted, not SVG',
      'scripted SVG with BOM, prolog, entity': 'only JPEG, PNG and WebP are accepted, not SVG',
      'SVGZ (gzipped SVG bomb)': 'only JPEG, PNG and WebP are accepted, not gzip (e.g. SVGZ)',
      GIF: 'only JPEG, PNG and WebP are accepted, not GIF',
      TIFF: 'only JPEG, PNG and WebP are accepted, not TIFF',
      AVIF: 'only JPEG, PNG and WebP are accepted, not AVIF',
      PDF: 'only JPEG, PNG and WebP are accepted, not PDF',
      HTML: 'only JPEG, PNG and WebP are accepted, not XML/HTML',
      'PNG 16000x16000 (256 MP)': '16000x16000',
      'decompression bomb PNG 60000x60000': '60000x60000',
      'JPEG claiming 65000x65000': '65000x65000',
      'WebP claiming 16384x16384': '16384x16384',
    });
  });

  it('refuses headers it cannot read and JPEGs with more scans than any real one', () => {
    expect(() => readImageHeader(Buffer.from('hello'))).toThrow('not a readable JPEG, PNG or WebP image');
    expect(() => readImageHeader(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toThrow(
      /no PNG IHDR/,
    );
    const sof = [0xff, 0xc0, 0, 11, 8, 0, 16, 0, 16, 1, 1, 0x11, 0];
    const sos = [0xff, 0xda, 0, 8, 1, 1, 0, 0, 63, 0, 0x12, 0x34, 0xff, 0x00, 0x56];
    const scans = (n: number) =>
      Buffer.from([0xff, 0xd8, ...sof, ...Array.from({ length: n }, () => sos).flat(), 0xff, 0xd9]);
    expect(readImageHeader(scans(MAX_JPEG_SCANS))).toEqual({ format: 'jpeg', width: 16, height: 16 });
    expect(() => readImageHeader(scans(MAX_JPEG_SCANS + 1))).toThrow(`more than ${MAX_JPEG_SCANS} scans`);
  });
});
