import { jest } from '@jest/globals';
import sharp from 'sharp';
import { loadConfig } from '../../src/config/config.js';
import { GuardedFetcher } from '../../src/infra/fetch/guarded-fetcher.js';
import { ImageBudget } from '../../src/infra/image/image-budget.js';
import { Storage } from '../../src/infra/storage/storage.js';
import {
  ImageProcessor,
  SHARED_DECODE_MAX_BYTES,
  type SourceBytes,
} from '../../src/smartcrop/image-processor.js';

/**
 * Several server-side cuts of one source share one decode (ImageProcessor.cutter): the renditions are
 * byte for byte what a decode per cut makes, for every kind of source the desk meets, and a source too
 * large to hold decoded is still decoded per cut.
 */
describe('server-side cuts of one source share its decode', () => {
  const config = loadConfig({ NODE_ENV: 'test' });
  const processor = new ImageProcessor(
    config,
    {} as Storage, // cuts read no storage and fetch nothing
    new ImageBudget(config),
    {} as GuardedFetcher,
  );
  /** Every time sharp opens the source's own bytes (the header read of `dimensions` included). */
  const opened = (bytes: Buffer) => {
    const spy = jest.spyOn(processor as unknown as { sharp(b: Buffer): unknown }, 'sharp');
    return {
      count: () => spy.mock.calls.filter(([b]) => b === bytes).length,
      restore: () => spy.mockRestore(),
    };
  };

  const noisy = (width: number, height: number, channels: 3 | 4) => {
    const data = Buffer.alloc(width * height * channels);
    for (let i = 0; i < data.length; i++) data[i] = (Math.imul(i, 2654435761) >>> 24) & 255;
    return sharp(data, { raw: { width, height, channels } });
  };
  const plain = (width: number, height: number) =>
    sharp({ create: { width, height, channels: 3, background: '#336699' } });
  const kinds: [string, () => Promise<Buffer>][] = [
    ['baseline JPEG', () => noisy(640, 360, 3).jpeg().toBuffer()],
    [
      'JPEG rotated by EXIF (orientation 6)',
      () => noisy(640, 360, 3).jpeg().withMetadata({ orientation: 6 }).toBuffer(),
    ],
    ['CMYK JPEG', () => noisy(640, 360, 3).toColourspace('cmyk').jpeg().toBuffer()],
    ['JPEG with a Display P3 profile', () => noisy(640, 360, 3).jpeg().withIccProfile('p3').toBuffer()],
    ['greyscale JPEG', () => noisy(640, 360, 3).greyscale().jpeg().toBuffer()],
    ['PNG with alpha', () => noisy(640, 360, 4).png().toBuffer()],
    ['palette PNG', () => noisy(640, 360, 4).png({ palette: true }).toBuffer()],
    ['16-bit PNG', () => noisy(640, 360, 4).toColourspace('rgb16').png().toBuffer()],
    ['WebP with alpha', () => noisy(640, 360, 4).webp().toBuffer()],
  ];
  const rects = [
    { X: 0, Y: 0, Width: 200, Height: 200 },
    { X: 100, Y: 50, Width: 200, Height: 100 },
    { X: 0, Y: 0, Width: 360, Height: 360 },
  ];
  const sourceOf = async (bytes: Buffer): Promise<SourceBytes> => ({
    bytes,
    ...(await processor.dimensions(bytes)),
  });

  it.each(kinds)('%s: the shared decode makes the same renditions as a decode per cut', async (_, make) => {
    const source = await sourceOf(await make());
    const shared = processor.cutter(source, rects.length);
    const each = processor.cutter(source, 1);
    for (const rect of rects) {
      const [a, b] = [await shared(rect), await each(rect)];
      expect(a.bytes.equals(b.bytes)).toBe(true);
      const meta = await sharp(a.bytes).metadata();
      expect([meta.width, meta.height, meta.format]).toEqual([rect.Width, rect.Height, source.format]);
    }
  });

  it('opens the source once for five cuts, and once per cut when the save cuts one or the source is too large to hold', async () => {
    const cuts = async (bytes: Buffer, n: number) => {
      const source = await sourceOf(bytes);
      const probe = opened(bytes);
      try {
        const cut = processor.cutter(source, n);
        for (let i = 0; i < n; i++) await cut({ X: i * 10, Y: 0, Width: 100, Height: 100 });
        return probe.count();
      } finally {
        probe.restore();
      }
    };
    const small = await plain(1920, 1080).jpeg().toBuffer();
    // 2100 × 2100 × 4 bytes is just above the cap: decoded per cut, in strips
    const large = await plain(2100, 2100).jpeg().toBuffer();
    expect(2100 * 2100 * 4).toBeGreaterThan(SHARED_DECODE_MAX_BYTES);
    expect(await cuts(small, 5)).toBe(1);
    expect(await cuts(small, 1)).toBe(1);
    expect(await cuts(large, 5)).toBe(5);
  });

  it('answers 502 for every cut of a source that does not decode, without decoding it again', async () => {
    const whole = await noisy(640, 360, 3).jpeg().toBuffer();
    const source = await sourceOf(whole);
    const cut = whole.subarray(0, whole.length / 2);
    const probe = opened(cut);
    try {
      const cutOf = processor.cutter({ ...source, bytes: cut }, 3);
      for (let i = 0; i < 3; i++) {
        await expect(cutOf({ X: 0, Y: 0, Width: 100, Height: 100 })).rejects.toMatchObject({
          status: 502,
          message: 'The source image could not be decoded',
        });
      }
      expect(probe.count()).toBe(1);
    } finally {
      probe.restore();
    }
  });
});
