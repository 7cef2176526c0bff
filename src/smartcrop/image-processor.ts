import {
  BadGatewayException,
  BadRequestException,
  Inject,
  Injectable,
  PayloadTooLargeException,
} from '@nestjs/common';
import sharp, { type Sharp } from 'sharp';
import type { AppConfig } from '../config/config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { GuardedFetcher, GuardedFetchError } from '../infra/fetch/guarded-fetcher.js';
import { ImageBudget } from '../infra/image/image-budget.js';
import {
  ImageHeaderError,
  readImageHeader,
  type ImageFormat,
  type ImageHeader,
} from '../infra/image/image-header.js';
import { Storage, StorageNotFoundError } from '../infra/storage/storage.js';
import { assertShape, type Rect } from './crop-geometry.js';
import { BASE64, paddedBase64 } from './upload-base64.js';
import type { RgbPixels } from './suggest/face-detector.js';
import { analysisPixels } from './suggest/suggestion-engine.js';

export { assertInside, type Rect } from './crop-geometry.js';

export type CropFormat = ImageFormat;

export interface DecodedImage {
  bytes: Buffer;
  format: CropFormat;
  width: number;
  height: number;
}

export const EXTENSION: Record<CropFormat, string> = { jpeg: 'jpg', png: 'png', webp: 'webp' };
export const CONTENT_TYPE: Record<CropFormat, string> = {
  jpeg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
};

/** Base64 characters of an upload read before the rest (a multiple of 4: 48 KB of bytes). */
const HEAD_CHARS = 65_536;
const HEAD_BYTES = (HEAD_CHARS / 4) * 3;

/**
 * Decoding, checking and cutting pixels with sharp; fetching source images through the guarded fetcher.
 * Nothing reaches sharp before its header says JPEG, PNG or WebP within MAX_IMAGE_PIXELS, and every sharp
 * call runs inside the process's image budget.
 */
@Injectable()
export class ImageProcessor {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly storage: Storage,
    private readonly budget: ImageBudget,
    private readonly fetcher: GuardedFetcher,
  ) {}

  /**
   * Base64 crop from the UI: an optional data: URL prefix is stripped, the size is checked before and
   * after decoding (413), the header must say JPEG, PNG or WebP within the pixel cap and the crop's shape,
   * and the pixels must fully decode (400 otherwise).
   */
  async decodeUpload(imageData: string, label: string, claimed: Rect): Promise<DecodedImage> {
    // a crop is up to 20 MB of base64: copy the string only when there is a prefix or whitespace to drop
    const prefix = /^data:[\w/+.-]*(;[\w=-]+)*;base64,/.exec(imageData.slice(0, 256))?.[0].length ?? 0;
    const unprefixed = prefix ? imageData.slice(prefix) : imageData;
    const max = this.config.workflow.maxCropBytes;
    const tooLarge = (text: string) => Math.floor((text.length * 3) / 4) - 2 > max;
    // what a browser sends is padded base64: decoded once here, and neither scanned for whitespace nor
    // matched against BASE64 (those two passes over the text took several times the decode)
    const padded = tooLarge(unprefixed) ? undefined : paddedBase64(unprefixed);
    const b64 = padded || !/\s/.test(unprefixed) ? unprefixed : unprefixed.replace(/\s+/g, '');
    if (tooLarge(b64)) {
      throw new PayloadTooLargeException(`${label}: the image is larger than ${max} bytes`);
    }
    // PNG, WebP and other formats say what they are in their first bytes: judge a bomb from 48 KB of it
    // before spending time on its megabytes (a JPEG's frame header may come later, so it is read whole)
    const head = padded?.subarray(0, HEAD_BYTES) ?? Buffer.from(b64.slice(0, HEAD_CHARS), 'base64');
    if (!(head[0] === 0xff && head[1] === 0xd8) && b64.length > HEAD_CHARS) {
      assertShape(this.inspect(head, `${label}: ImageData`), claimed, label);
    }
    if (!padded && !BASE64.test(b64)) {
      throw new BadRequestException(`${label}: ImageData is not valid base64`);
    }
    return this.checkUpload(padded ?? Buffer.from(b64, 'base64'), label, claimed);
  }

  /**
   * A crop's bytes (from base64, or a multipart file part): at most MAX_CROP_BYTES (413), a JPEG, PNG or
   * WebP header within the pixel cap and of the crop's shape, pixels that decode (400 otherwise).
   */
  async checkUpload(bytes: Buffer, label: string, claimed: Rect): Promise<DecodedImage> {
    const max = this.config.workflow.maxCropBytes;
    if (bytes.length > max)
      throw new PayloadTooLargeException(`${label}: the image is larger than ${max} bytes`);
    if (bytes.length === 0) throw new BadRequestException(`${label}: ImageData is empty`);
    const header = this.inspect(bytes, `${label}: ImageData`);
    assertShape(header, claimed, label);
    const ok = await this.budget.run(() => this.decodes(bytes, header));
    if (!ok) throw new BadRequestException(`${label}: ImageData is not a readable JPEG, PNG or WebP image`);
    return { bytes, format: header.format, width: header.width, height: header.height };
  }

  /** Format and size from the header, before any decoder sees the bytes: 400 for anything else or too big. */
  private inspect(bytes: Buffer, what: string): ImageHeader {
    let header: ImageHeader;
    try {
      header = readImageHeader(bytes);
    } catch (err) {
      if (err instanceof ImageHeaderError) throw new BadRequestException(`${what} is ${err.message}`);
      throw err;
    }
    const limit = this.config.workflow.maxImagePixels;
    if (header.width * header.height > limit) {
      throw new BadRequestException(
        `${what} is ${header.width}x${header.height} (${mp(header.width * header.height)} megapixels), ` +
          `above the limit of ${mp(limit)} megapixels`,
      );
    }
    return header;
  }

  /** sharp with the pixel cap as a second guard, in case its reading of the header differs from ours. */
  private sharp(bytes: Buffer): Sharp {
    return sharp(bytes, { failOn: 'truncated', limitInputPixels: this.config.workflow.maxImagePixels });
  }

  /**
   * Every pixel's data decoded (a truncated or corrupt file fails here, not later in a browser), into a
   * thumbnail so memory stays small however large the image; sharp must read the header as we did.
   * A JPEG is decoded at 1/8 scale (libjpeg's DCT scaling, sharp's shrink-on-load): every coefficient of
   * every scan is still entropy-decoded, so it refuses what a full-size decode refuses
   * (test/smartcrop/corrupt-images.spec.ts) at a quarter to a half of its CPU; the last step to 64 px takes
   * the nearest pixel, as nothing looks at the thumbnail. PNG and WebP have no such scaling.
   */
  private async decodes(bytes: Buffer, header: ImageHeader): Promise<boolean> {
    try {
      // one instance for both steps: a sharp constructor fills some 180 options on the main thread
      const image = this.sharp(bytes);
      const meta = await image.metadata();
      if (meta.format !== header.format || meta.width !== header.width || meta.height !== header.height) {
        return false;
      }
      await image
        .resize(64, 64, { fit: 'inside', fastShrinkOnLoad: true, kernel: 'nearest' })
        .raw()
        .toBuffer();
      return true;
    } catch {
      return false;
    }
  }

  /** The source image's bytes: from our own storage when the URL points there, else over HTTP(S). */
  async loadSource(url: string): Promise<Buffer> {
    const key = this.storage.keyFromUrl(url);
    if (key !== undefined) {
      try {
        return await this.storage.get(key);
      } catch (err) {
        if (err instanceof StorageNotFoundError)
          throw new BadRequestException('The source image is not in storage');
        throw new BadGatewayException('The source image could not be read from storage');
      }
    }
    try {
      return (await this.fetcher.fetch(url)).bytes;
    } catch (err) {
      if (!(err instanceof GuardedFetchError)) throw err;
      if (err.reason === 'refused-url') throw new BadRequestException(err.message);
      throw new BadGatewayException(err.message);
    }
  }

  /** Width, height and format of the source (EXIF orientation applied, as the UI shows it). */
  async dimensions(source: Buffer): Promise<{ width: number; height: number; format: CropFormat }> {
    const header = this.inspect(source, 'The source image');
    try {
      const meta = await this.budget.run(() => this.sharp(source).metadata());
      const rotated = (meta.orientation ?? 1) >= 5;
      return {
        width: rotated ? meta.height : meta.width,
        height: rotated ? meta.width : meta.height,
        format: header.format,
      };
    } catch {
      throw new BadGatewayException('The source image could not be decoded');
    }
  }

  /** The source upright and small, as raw RGB for the suggestion engine (checked by `dimensions` first). */
  async preview(source: Buffer): Promise<RgbPixels> {
    return this.budget
      .run(() => analysisPixels(this.sharp(source)))
      .catch(() => {
        throw new BadGatewayException('The source image could not be decoded');
      });
  }

  /**
   * The cuts of one source (`source.width`/`height` upright, as `dimensions` gives them): `cut(rect)` for
   * each rendition, in the source's format. When `cuts` is two or more and the source decoded is at most
   * SHARED_DECODE_MAX_BYTES, the first cut decodes it once, upright, to raw pixels and every cut encodes
   * from those; else each cut decodes the source itself (down to the cut's last row only). Five cuts of a
   * 1920×1080 JPEG: 94 → 72 ms of CPU in a bare process; beside a worker-sized heap each decode's 8 MB
   * buffer brings a major GC closer and the shared decode is the dearer one, 101–105 against 93–100 ms
   * (README, bench:save). The renditions are byte for byte the same (test/smartcrop/shared-decode.spec.ts);
   * a source truncated below every cut is then refused (502), as the whole of it is decoded.
   */
  cutter(source: SourceBytes, cuts: number): (rect: Rect) => Promise<DecodedImage> {
    const shared = cuts >= 2 && source.width * source.height * 4 <= SHARED_DECODE_MAX_BYTES;
    let upright: Promise<RawPixels> | undefined;
    return async (rect) => {
      const input = shared ? await (upright ??= this.upright(source.bytes)) : undefined;
      const { data, info } = await this.budget
        .run(() =>
          (input ? sharp(input.data, { raw: input.info }) : this.sharp(source.bytes).rotate())
            .extract({ left: rect.X, top: rect.Y, width: rect.Width, height: rect.Height })
            .toFormat(source.format)
            .toBuffer({ resolveWithObject: true }),
        )
        .catch(() => {
          throw new BadGatewayException('The source image could not be decoded');
        });
      return { bytes: data, format: source.format, width: info.width, height: info.height };
    };
  }

  private upright(bytes: Buffer): Promise<RawPixels> {
    return this.budget
      .run(() => this.sharp(bytes).rotate().raw().toBuffer({ resolveWithObject: true }))
      .catch(() => {
        throw new BadGatewayException('The source image could not be decoded');
      });
  }
}

/**
 * The largest source (width × height × 4 bytes) whose decoded pixels a save holds for its cuts: 1920×1080
 * with alpha is 8.3 MB, 2560×1440 14.7 MB. A larger one is decoded again for every cut, in strips, so a
 * save's memory stays near what a base64 save's body is, however many saves cut at once.
 */
export const SHARED_DECODE_MAX_BYTES = 16 * 1024 * 1024;

/** A source image's bytes with its upright size and format (`dimensions`). */
export interface SourceBytes {
  bytes: Buffer;
  width: number;
  height: number;
  format: CropFormat;
}

interface RawPixels {
  data: Buffer;
  info: { width: number; height: number; channels: 1 | 2 | 3 | 4 };
}

const mp = (pixels: number) => String(Math.round(pixels / 100_000) / 10);
