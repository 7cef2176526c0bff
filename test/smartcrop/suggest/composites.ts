import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import sharp from 'sharp';
import { FaceDetector } from '../../../src/smartcrop/suggest/face-detector.js';

/**
 * Images whose subject box is known exactly: a head cut from a real photo, pasted at a chosen place and
 * scale onto a generated background. The photos are the six demo pictures shipped inside the
 * @vladmandic/face-api npm package (a devDependency; read from node_modules, not copied into the repo).
 */
const require = createRequire(import.meta.url);
const PHOTO_DIR = join(dirname(require.resolve('@vladmandic/face-api/package.json')), 'demo');
export const PHOTOS = [1, 2, 3, 4, 5, 6].map((i) => join(PHOTO_DIR, `sample${i}.jpg`));

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface HeadPatch {
  png: Buffer;
  width: number;
  height: number;
  /** The detected face inside the patch, in patch pixels. */
  face: Box;
}

let patches: Promise<HeadPatch[]> | undefined;

/** Heads from the photos: each detected face with a margin around it (hair, chin, a bit of shoulder). */
export function headPatches(detector = new FaceDetector()): Promise<HeadPatch[]> {
  patches ??= (async () => {
    const out: HeadPatch[] = [];
    for (const photo of PHOTOS) {
      const meta = await sharp(photo).metadata();
      const { data, info } = await sharp(photo)
        .resize(640, 640, { fit: 'inside' })
        .removeAlpha()
        .raw()
        .toBuffer({ resolveWithObject: true });
      const k = meta.width / info.width;
      const faces = await detector.detect({ data, width: info.width, height: info.height });
      for (const f of faces.filter((f) => f.width * k >= 80)) {
        const fx = f.x * k;
        const fy = f.y * k;
        const fw = f.width * k;
        const fh = f.height * k;
        const left = Math.max(0, Math.round(fx - fw * 0.35));
        const top = Math.max(0, Math.round(fy - fh * 0.45));
        const right = Math.min(meta.width, Math.round(fx + fw * 1.35));
        const bottom = Math.min(meta.height, Math.round(fy + fh * 1.3));
        const png = await sharp(photo)
          .extract({ left, top, width: right - left, height: bottom - top })
          .png()
          .toBuffer();
        out.push({
          png,
          width: right - left,
          height: bottom - top,
          face: { x: fx - left, y: fy - top, width: fw, height: fh },
        });
      }
    }
    return out;
  })();
  return patches;
}

export const BACKGROUNDS = ['solid', 'gradient', 'noise', 'blobs', 'stripes', 'photo'] as const;
export type Background = (typeof BACKGROUNDS)[number];

/** A small deterministic generator, so a composite is the same on every run. */
export function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
}

async function background(kind: Background, width: number, height: number, r: () => number): Promise<Buffer> {
  const colour = () => ({ r: Math.floor(r() * 256), g: Math.floor(r() * 256), b: Math.floor(r() * 256) });
  const hex = (c: { r: number; g: number; b: number }) => `rgb(${c.r},${c.g},${c.b})`;
  switch (kind) {
    case 'solid':
      return sharp({ create: { width, height, channels: 3, background: colour() } })
        .png()
        .toBuffer();
    case 'gradient': {
      const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="${r().toFixed(2)}"><stop offset="0" stop-color="${hex(colour())}"/><stop offset="1" stop-color="${hex(colour())}"/></linearGradient></defs><rect width="100%" height="100%" fill="url(#g)"/></svg>`;
      return sharp(Buffer.from(svg)).png().toBuffer();
    }
    case 'noise': {
      const base = colour();
      const data = Buffer.alloc(width * height * 3);
      for (let i = 0; i < data.length; i += 3) {
        const n = (r() - 0.5) * 90;
        data[i] = Math.max(0, Math.min(255, base.r + n));
        data[i + 1] = Math.max(0, Math.min(255, base.g + n));
        data[i + 2] = Math.max(0, Math.min(255, base.b + n));
      }
      return sharp(data, { raw: { width, height, channels: 3 } })
        .png()
        .toBuffer();
    }
    case 'blobs': {
      const shapes = Array.from({ length: 12 }, () => {
        const c = colour();
        return `<ellipse cx="${Math.round(r() * width)}" cy="${Math.round(r() * height)}" rx="${Math.round(80 + r() * width * 0.3)}" ry="${Math.round(60 + r() * height * 0.3)}" fill="${hex(c)}" fill-opacity="0.6"/>`;
      }).join('');
      const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><rect width="100%" height="100%" fill="${hex(colour())}"/>${shapes}</svg>`;
      return sharp(Buffer.from(svg)).blur(25).png().toBuffer();
    }
    case 'stripes': {
      const a = colour();
      const b = colour();
      const w = Math.round(20 + r() * 60);
      const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><defs><pattern id="p" width="${w * 2}" height="${w * 2}" patternUnits="userSpaceOnUse" patternTransform="rotate(${Math.round(r() * 180)})"><rect width="${w}" height="${w * 2}" fill="${hex(a)}"/><rect x="${w}" width="${w}" height="${w * 2}" fill="${hex(b)}"/></pattern></defs><rect width="100%" height="100%" fill="url(#p)"/></svg>`;
      return sharp(Buffer.from(svg)).png().toBuffer();
    }
    case 'photo': {
      // a real scene with nobody recognisable in it: a photo blurred far past any face
      const photo = PHOTOS[Math.floor(r() * PHOTOS.length)];
      return sharp(photo).resize(width, height, { fit: 'cover' }).blur(40).png().toBuffer();
    }
  }
}

export interface Composite {
  jpeg: Buffer;
  width: number;
  height: number;
  /** The pasted head: the subject a crop should keep whole. */
  subject: Box;
  /** The face inside it. */
  face: Box;
}

export interface CompositeOptions {
  width: number;
  height: number;
  background: Background;
  patch: HeadPatch;
  /** Head height as a share of the image height. */
  scale: number;
  /** Where the head's top-left corner goes, 0–1 of the free room on each axis. */
  at: { x: number; y: number };
  seed: number;
}

export async function composite(o: CompositeOptions): Promise<Composite> {
  const r = rng(o.seed);
  const h = Math.max(16, Math.round(o.height * o.scale));
  const w = Math.min(o.width, Math.round((h * o.patch.width) / o.patch.height));
  const k = w / o.patch.width;
  const head = await sharp(o.patch.png).resize(w, h, { fit: 'fill' }).png().toBuffer();
  const left = Math.round(o.at.x * (o.width - w));
  const top = Math.round(o.at.y * (o.height - h));
  const bg = await background(o.background, o.width, o.height, r);
  const jpeg = await sharp(bg)
    .composite([{ input: head, left, top }])
    .jpeg({ quality: 88 })
    .toBuffer();
  const f = o.patch.face;
  return {
    jpeg,
    width: o.width,
    height: o.height,
    subject: { x: left, y: top, width: w, height: h },
    face: {
      x: left + f.x * k,
      y: top + f.y * (h / o.patch.height),
      width: f.width * k,
      height: f.height * (h / o.patch.height),
    },
  };
}

export const inside = (outer: Box, inner: Box, tolerance = 0.5) =>
  inner.x >= outer.x - tolerance &&
  inner.y >= outer.y - tolerance &&
  inner.x + inner.width <= outer.x + outer.width + tolerance &&
  inner.y + inner.height <= outer.y + outer.height + tolerance;

export function iou(a: Box, b: Box): number {
  const x0 = Math.max(a.x, b.x);
  const y0 = Math.max(a.y, b.y);
  const x1 = Math.min(a.x + a.width, b.x + b.width);
  const y1 = Math.min(a.y + a.height, b.y + b.height);
  const i = Math.max(0, x1 - x0) * Math.max(0, y1 - y0);
  return i / (a.width * a.height + b.width * b.height - i);
}
