import { BadRequestException } from '@nestjs/common';
import type { DecodedImage, ImageProcessor } from './image-processor.js';
import type { ImageRow } from './image.mapper.js';
import type { ReferenceCache } from './reference-cache.js';
import { RenditionPlanner, type CropInput } from './rendition.planner.js';
import type { Storage } from '../infra/storage/storage.js';

/**
 * The crops of one save are checked at once (the image budget bounds how many run), so a save waits for
 * its slowest crop rather than the sum of them, and the answer names the first bad crop in request order
 * whichever fails first.
 */
describe('RenditionPlanner: the crops of one save together', () => {
  const image = {
    id: '7',
    provider_name: 'Plan',
    image_url: 'http://images.example/7.jpg',
    width: 1920,
    height: 1080,
    image_type_id: null,
    language_id: null,
  } as ImageRow;
  const crop = (AspectRatioId: number, ImageData: string): CropInput => ({
    ProgramId: 1,
    ImageId: 7,
    AspectRatioId,
    X: 0,
    Y: 0,
    Width: 100,
    Height: 100,
    ImageData,
  });

  /** A processor whose upload check takes `ms` for a crop, or refuses ImageData "bad". */
  const planner = (ms: (data: string) => number) => {
    let running = 0;
    const seen = { peak: 0, sources: 0 };
    const processor = {
      decodeUpload: async (data: string, label: string): Promise<DecodedImage> => {
        running++;
        seen.peak = Math.max(seen.peak, running);
        await new Promise((r) => setTimeout(r, ms(data)));
        running--;
        if (data.startsWith('bad'))
          throw new BadRequestException(`${label} is not a readable JPEG, PNG or WebP`);
        return { bytes: Buffer.from(data), format: 'jpeg', width: 100, height: 100 };
      },
      loadSource: () => {
        seen.sources++;
        return Promise.resolve(Buffer.alloc(0));
      },
    } as unknown as ImageProcessor;
    const references = { unknown: () => Promise.resolve([]) } as unknown as ReferenceCache;
    const storage = { publicUrl: (k: string) => `http://cdn/${k}` } as unknown as Storage;
    return { plan: new RenditionPlanner(processor, references, storage), seen };
  };

  it('checks every crop of a save at once, and keeps their order', async () => {
    const { plan, seen } = planner(() => 40);
    const out = await plan.plan(
      image,
      [1, 2, 3, 4, 5].map((r) => crop(r, `crop${r}`)),
      new Map(),
    );
    expect(seen.peak).toBe(5);
    expect(out.map((p) => [p.write.aspectRatioId, p.pixels?.toString()])).toEqual(
      [1, 2, 3, 4, 5].map((r) => [r, `crop${r}`]),
    );
    expect(seen.sources).toBe(0); // the image's size is on its row: no source read for base64 crops
  });

  it('names the first bad crop in request order, not the first to fail', async () => {
    // crop 2 fails after 60 ms, crop 4 at once
    const { plan } = planner((d) => (d === 'bad2' ? 60 : 0));
    await expect(
      plan.plan(image, [crop(1, 'ok'), crop(2, 'bad2'), crop(3, 'ok'), crop(4, 'bad4')], new Map()),
    ).rejects.toThrow('Crop 2 of image 7 is not a readable JPEG, PNG or WebP');
  });
});
