import { BadRequestException, Injectable, Logger } from '@nestjs/common';
import {
  ImageProcessor,
  assertInside,
  CONTENT_TYPE,
  EXTENSION,
  type DecodedImage,
  type Rect,
  type SourceBytes,
} from './image-processor.js';
import type { ImageRow, RenditionRow } from './image.mapper.js';
import { ReferenceCache } from './reference-cache.js';
import type { RenditionWrite } from './rendition.repository.js';
import { Storage } from '../infra/storage/storage.js';
import { renditionKey } from '../infra/storage/storage-key.js';

export interface CropInput {
  ProgramId: number;
  ImageId: number;
  AspectRatioId: number;
  X: number;
  Y: number;
  Width: number;
  Height: number;
  ImageData?: string;
  /** The crop's bytes from a multipart file part (instead of ImageData). */
  ImageBytes?: Buffer;
  ImageTypeId?: number;
  LanguageId?: number;
}

export interface PlannedRendition {
  /** With pixels, `storageKey` is a fresh key of this save's own; without, the rendition's current key. */
  write: RenditionWrite;
  /** Bytes to upload; absent when only the row's metadata changes. */
  pixels?: Buffer;
}

/**
 * Turns crop requests into renditions ready to upload: decoded and checked pixels from the UI, or a cut
 * of the source image (fetched once per image) at the given rectangle; every rectangle checked against
 * the source's dimensions. No side effects: nothing is stored here.
 */
@Injectable()
export class RenditionPlanner {
  private readonly logger = new Logger(RenditionPlanner.name);

  constructor(
    private readonly processor: ImageProcessor,
    private readonly references: ReferenceCache,
    private readonly storage: Storage,
  ) {}

  async plan(
    image: ImageRow,
    crops: CropInput[],
    existing: Map<string, RenditionRow>,
  ): Promise<PlannedRendition[]> {
    await this.checkReferences(crops);
    const steps = crops.map((crop) => {
      const before = existing.get(`${crop.ImageId}/${crop.AspectRatioId}`);
      const uploaded = Boolean(crop.ImageData || crop.ImageBytes);
      return { crop, before, keep: !uploaded && before !== undefined && sameRect(before, crop), uploaded };
    });
    const source = this.sourceOf(image, steps.filter((s) => !s.keep && !s.uploaded).length);
    // every crop at once (the image budget bounds the decodes): a save waits for its slowest crop, not
    // the sum; the answer names the first bad crop in request order, whichever failed first
    const planned = await Promise.allSettled(
      steps.map(async ({ crop, before, keep }) => {
        const base = baseWrite(image, crop, before);
        return keep ? kept(base, before!) : this.fresh(image, base, await this.pixelsFor(crop, source));
      }),
    );
    const failed = planned.find((p) => p.status === 'rejected');
    if (failed) throw failed.reason;
    return planned.map((p) => (p as PromiseFulfilledResult<PlannedRendition>).value);
  }

  /**
   * The source image, fetched at most once per save, its size (from the row when known) and its cuts
   * (`cuts` of them in this save: with several, it is decoded once for all, see ImageProcessor.cutter).
   */
  private sourceOf(image: ImageRow, cuts: number): SourceImage {
    // one load shared by the crops that need it at once; a failed one is tried again by a later call
    let source: Promise<LoadedSource> | undefined;
    const load = () =>
      (source ??= (async () => {
        const bytes = await this.processor.loadSource(image.image_url);
        const loaded = { bytes, ...(await this.processor.dimensions(bytes)) };
        return { ...loaded, cut: this.processor.cutter(loaded, cuts) };
      })().catch((err: unknown) => {
        source = undefined;
        throw err;
      }));
    const size = async (): Promise<{ width: number; height: number } | undefined> => {
      if (image.width && image.height) return { width: image.width, height: image.height };
      return load().catch((err: unknown) => {
        this.logger.warn({ err, imageId: image.id }, 'Source size unknown; crop rectangle not checked');
        return undefined;
      });
    };
    return { load, size };
  }

  /** The UI's pixels (base64 or a multipart part), checked against the source's size, or a cut of the source. */
  private async pixelsFor(crop: CropInput, source: SourceImage): Promise<DecodedImage> {
    const label = `Crop ${crop.AspectRatioId} of image ${crop.ImageId}`;
    if (crop.ImageData || crop.ImageBytes) {
      const pixels = crop.ImageBytes
        ? await this.processor.checkUpload(crop.ImageBytes, label, crop)
        : await this.processor.decodeUpload(crop.ImageData!, label, crop);
      const size = await source.size();
      if (size) assertInside(crop, size.width, size.height, label);
      return pixels;
    }
    const src = await source.load();
    assertInside(crop, src.width, src.height, label);
    return src.cut(crop);
  }

  /** New pixels under a fresh key of this save's own. */
  private fresh(image: ImageRow, base: BaseWrite, pixels: DecodedImage): PlannedRendition {
    const key = renditionKey(
      image.provider_name,
      base.programId,
      base.imageId,
      base.aspectRatioId,
      EXTENSION[pixels.format],
    );
    return {
      write: {
        ...base,
        outputWidth: pixels.width,
        outputHeight: pixels.height,
        storageKey: key,
        publicUrl: this.storage.publicUrl(key),
        contentType: CONTENT_TYPE[pixels.format],
        byteSize: pixels.bytes.length,
      },
      pixels: pixels.bytes,
    };
  }

  /** After a write found a reference row gone: read the tables again next time. */
  forgetReferences(): void {
    this.references.forget();
  }

  /** Unknown aspect ratios, image types or languages, and duplicates, are 400 before any work. */
  private async checkReferences(crops: CropInput[]): Promise<void> {
    const ratios = await this.references.unknown({
      aspectRatios: [...new Set(crops.map((c) => c.AspectRatioId))],
      imageTypes: [],
      languages: [],
    });
    if (ratios.length > 0) {
      throw new BadRequestException(`${ratios[0]} is not a known aspect ratio`);
    }
    const seen = new Set<string>();
    for (const c of crops) {
      const k = `${c.ImageId}/${c.AspectRatioId}`;
      if (seen.has(k))
        throw new BadRequestException(
          `Aspect ratio ${c.AspectRatioId} of image ${c.ImageId} is listed twice`,
        );
      seen.add(k);
    }
    const unknown = await this.references.unknown({
      aspectRatios: [],
      imageTypes: crops.flatMap((c) => (c.ImageTypeId ? [c.ImageTypeId] : [])),
      languages: crops.flatMap((c) => (c.LanguageId ? [c.LanguageId] : [])),
    });
    if (unknown.length > 0) throw new BadRequestException(`Unknown ${unknown.join(', ')}`);
  }
}

interface LoadedSource extends SourceBytes {
  cut(rect: Rect): Promise<DecodedImage>;
}

interface SourceImage {
  load(): Promise<LoadedSource>;
  size(): Promise<{ width: number; height: number } | undefined>;
}

type BaseWrite = Pick<
  RenditionWrite,
  'programId' | 'imageId' | 'aspectRatioId' | 'x' | 'y' | 'width' | 'height' | 'imageTypeId' | 'languageId'
>;

/** The crop's rectangle and lookups; a lookup left out keeps the rendition's, else the image's. */
function baseWrite(image: ImageRow, crop: CropInput, before: RenditionRow | undefined): BaseWrite {
  return {
    programId: crop.ProgramId,
    imageId: crop.ImageId,
    aspectRatioId: crop.AspectRatioId,
    x: crop.X,
    y: crop.Y,
    width: crop.Width,
    height: crop.Height,
    imageTypeId: crop.ImageTypeId ?? before?.image_type_id ?? image.image_type_id,
    languageId: crop.LanguageId ?? before?.language_id ?? image.language_id,
  };
}

function sameRect(before: RenditionRow, crop: CropInput): boolean {
  return (
    before.x === crop.X && before.y === crop.Y && before.width === crop.Width && before.height === crop.Height
  );
}

/** The same rectangle and no new pixels: only the row's metadata changes, the stored file stays. */
function kept(base: BaseWrite, before: RenditionRow): PlannedRendition {
  return {
    write: {
      ...base,
      outputWidth: before.output_width,
      outputHeight: before.output_height,
      storageKey: before.storage_key,
      publicUrl: before.public_url,
      contentType: before.content_type,
      byteSize: before.byte_size,
    },
  };
}
