import { BadRequestException, Injectable, Logger } from '@nestjs/common';
import {
  ImageProcessor,
  assertInside,
  CONTENT_TYPE,
  EXTENSION,
  type CropFormat,
  type DecodedImage,
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
    let source: { bytes: Buffer; width: number; height: number; format: CropFormat } | undefined;
    const loadSource = async () => {
      if (!source) {
        const bytes = await this.processor.loadSource(image.image_url);
        source = { bytes, ...(await this.processor.dimensions(bytes)) };
      }
      return source;
    };
    const sourceSize = async (): Promise<{ width: number; height: number } | undefined> => {
      if (image.width && image.height) return { width: image.width, height: image.height };
      return loadSource().catch((err: unknown) => {
        this.logger.warn({ err, imageId: image.id }, 'Source size unknown; crop rectangle not checked');
        return undefined;
      });
    };

    const out: PlannedRendition[] = [];
    for (const crop of crops) {
      const label = `Crop ${crop.AspectRatioId} of image ${crop.ImageId}`;
      const before = existing.get(`${crop.ImageId}/${crop.AspectRatioId}`);
      const base = {
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
      const sameRect =
        before &&
        before.x === crop.X &&
        before.y === crop.Y &&
        before.width === crop.Width &&
        before.height === crop.Height;
      if (!crop.ImageData && !crop.ImageBytes && sameRect) {
        out.push({
          write: {
            ...base,
            outputWidth: before.output_width,
            outputHeight: before.output_height,
            storageKey: before.storage_key,
            publicUrl: before.public_url,
            contentType: before.content_type,
            byteSize: before.byte_size,
          },
        });
        continue;
      }
      let pixels: DecodedImage;
      if (crop.ImageData || crop.ImageBytes) {
        pixels = crop.ImageBytes
          ? await this.processor.checkUpload(crop.ImageBytes, label, crop)
          : await this.processor.decodeUpload(crop.ImageData!, label, crop);
        const size = await sourceSize();
        if (size) assertInside(crop, size.width, size.height, label);
      } else {
        const src = await loadSource();
        assertInside(crop, src.width, src.height, label);
        pixels = await this.processor.cut(src.bytes, crop, src.format);
      }
      const key = renditionKey(
        image.provider_name,
        crop.ProgramId,
        crop.ImageId,
        crop.AspectRatioId,
        EXTENSION[pixels.format],
      );
      out.push({
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
      });
    }
    return out;
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
