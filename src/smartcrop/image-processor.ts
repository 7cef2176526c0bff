import {
  BadGatewayException,
  BadRequestException,
  Inject,
  Injectable,
  PayloadTooLargeException,
} from '@nestjs/common';
import sharp from 'sharp';
import type { AppConfig } from '../config/config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { Storage, StorageNotFoundError } from '../infra/storage/storage.js';

export type CropFormat = 'jpeg' | 'png' | 'webp';

export interface DecodedImage {
  bytes: Buffer;
  format: CropFormat;
  width: number;
  height: number;
}

export interface Rect {
  X: number;
  Y: number;
  Width: number;
  Height: number;
}

export const EXTENSION: Record<CropFormat, string> = { jpeg: 'jpg', png: 'png', webp: 'webp' };
export const CONTENT_TYPE: Record<CropFormat, string> = {
  jpeg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
};
const FORMATS = new Set<string>(['jpeg', 'png', 'webp']);

/** Decoding, checking and cutting pixels with sharp; fetching source images with a timeout and size cap. */
@Injectable()
export class ImageProcessor {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly storage: Storage,
  ) {}

  /**
   * Base64 crop from the UI: an optional data: URL prefix is stripped, the size is checked before and
   * after decoding (413), and the pixels must fully decode as JPEG, PNG or WebP (400 otherwise).
   */
  async decodeUpload(imageData: string, label: string): Promise<DecodedImage> {
    const b64 = imageData.replace(/^data:[\w/+.-]*(;[\w=-]+)*;base64,/, '').replace(/\s+/g, '');
    const max = this.config.workflow.maxCropBytes;
    if (Math.floor((b64.length * 3) / 4) - 2 > max) {
      throw new PayloadTooLargeException(`${label}: the image is larger than ${max} bytes`);
    }
    if (!/^[A-Za-z0-9+/_-]*={0,2}$/.test(b64)) {
      throw new BadRequestException(`${label}: ImageData is not valid base64`);
    }
    const bytes = Buffer.from(b64, 'base64');
    if (bytes.length > max)
      throw new PayloadTooLargeException(`${label}: the image is larger than ${max} bytes`);
    if (bytes.length === 0) throw new BadRequestException(`${label}: ImageData is empty`);
    const decoded = await this.decode(bytes).catch(() => undefined);
    if (!decoded)
      throw new BadRequestException(`${label}: ImageData is not a readable JPEG, PNG or WebP image`);
    if (!FORMATS.has(decoded.format)) {
      throw new BadRequestException(`${label}: only JPEG, PNG and WebP are accepted, not ${decoded.format}`);
    }
    return { bytes, format: decoded.format as CropFormat, width: decoded.width, height: decoded.height };
  }

  /** Decodes every pixel (a truncated or corrupt file fails here, not later in a browser). */
  private async decode(bytes: Buffer): Promise<{ format: string; width: number; height: number }> {
    const img = sharp(bytes, { failOn: 'truncated' });
    const meta = await img.metadata();
    const { info } = await img.raw().toBuffer({ resolveWithObject: true });
    return { format: meta.format, width: info.width, height: info.height };
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
    return this.fetchSource(url);
  }

  private async fetchSource(url: string): Promise<Buffer> {
    const { sourceFetchMaxBytes: max, sourceFetchTimeoutMs: timeout } = this.config.workflow;
    if (!/^https?:\/\//i.test(url)) throw new BadRequestException('The source image URL is not http(s)');
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(timeout), redirect: 'follow' });
      if (!res.ok || !res.body)
        throw new BadGatewayException(`The source image server answered ${res.status}`);
      if (Number(res.headers.get('content-length') ?? 0) > max) {
        throw new BadGatewayException(`The source image is larger than ${max} bytes`);
      }
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of res.body) {
        size += chunk.length;
        if (size > max) throw new BadGatewayException(`The source image is larger than ${max} bytes`);
        chunks.push(Buffer.from(chunk));
      }
      return Buffer.concat(chunks);
    } catch (err) {
      if (err instanceof BadGatewayException) throw err;
      const timedOut = err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError');
      throw new BadGatewayException(
        timedOut
          ? `The source image did not arrive within ${timeout} ms`
          : 'The source image could not be fetched',
      );
    }
  }

  /** Width and height of the source (EXIF orientation applied, as the UI shows it). */
  async dimensions(source: Buffer): Promise<{ width: number; height: number; format: string }> {
    try {
      const meta = await sharp(source).metadata();
      const rotated = (meta.orientation ?? 1) >= 5;
      return {
        width: rotated ? meta.height : meta.width,
        height: rotated ? meta.width : meta.height,
        format: meta.format,
      };
    } catch {
      throw new BadGatewayException('The source image could not be decoded');
    }
  }

  /** Cuts the rectangle out of the source, in the source's format when it is JPEG/PNG/WebP, else JPEG. */
  async cut(source: Buffer, rect: Rect, sourceFormat: string): Promise<DecodedImage> {
    const format: CropFormat = FORMATS.has(sourceFormat) ? (sourceFormat as CropFormat) : 'jpeg';
    const { data, info } = await sharp(source)
      .rotate()
      .extract({ left: rect.X, top: rect.Y, width: rect.Width, height: rect.Height })
      .toFormat(format)
      .toBuffer({ resolveWithObject: true });
    return { bytes: data, format, width: info.width, height: info.height };
  }
}

/** 400 when the rectangle does not lie inside the source image. */
export function assertInside(rect: Rect, width: number, height: number, label: string): void {
  if (rect.X + rect.Width > width || rect.Y + rect.Height > height) {
    throw new BadRequestException(
      `${label}: the crop ${rect.Width}x${rect.Height} at (${rect.X},${rect.Y}) does not fit the ${width}x${height} source image`,
    );
  }
}
