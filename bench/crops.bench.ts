/**
 * Suggested crops, measured: the engine beside sharp's `attention` crop alone and a centre crop, on the
 * same composites (a real head, or a drawn object, pasted at a random place and scale onto six kinds of
 * background, so the subject box is known exactly).
 * Quality per aspect ratio: the share of (image, ratio) pairs whose crop holds the subject whole, among
 * the pairs where that is geometrically possible, and the mean IoU of the crop with the subject-centred
 * reference (the same-size crop centred on the subject, moved inside the image).
 * The same figures on the real photos under test/fixtures/photos/ (hand-labelled subject boxes), over the
 * pairs where the subject fits the ratio's crop only, printed beside the composites' on each row.
 * Speed: ms per 1920×1080 JPEG for all five ratios (decode included), p50 and p95, and images/s, one at
 * a time on one core. Prints figures; asserts nothing.
 *
 *   npm run bench:crops
 *
 * Env: BENCH_IMAGES (120 composites), BENCH_SEED (1).
 */
import 'reflect-metadata';
import { performance } from 'node:perf_hooks';
import sharp from 'sharp';
import { largestCrop, type AspectRatio } from '../src/smartcrop/suggest/crop-search.js';
import { FaceDetector } from '../src/smartcrop/suggest/face-detector.js';
import { analysisPixels, SuggestionEngine } from '../src/smartcrop/suggest/suggestion-engine.js';
import {
  BACKGROUNDS,
  composite,
  headPatches,
  inside,
  iou,
  rng,
  type Box,
  type Composite,
} from '../test/smartcrop/suggest/composites.js';
import { realPhotos } from '../test/smartcrop/suggest/photos.js';

sharp.concurrency(1);
sharp.cache(false);

const N = Number(process.env.BENCH_IMAGES ?? 120);
const SEED = Number(process.env.BENCH_SEED ?? 1);
const RATIOS: (AspectRatio & { title: string })[] = [
  { id: 1, title: '16:9', width: 16, height: 9 },
  { id: 2, title: '4:3', width: 4, height: 3 },
  { id: 3, title: '3:4', width: 3, height: 4 },
  { id: 4, title: '2:3', width: 2, height: 3 },
  { id: 5, title: '1:1', width: 1, height: 1 },
];

/** An image whose subject box is known: a composite or a labelled real photo. */
interface Scored {
  jpeg: Buffer;
  width: number;
  height: number;
  subject: Box;
}

type Cropper = (img: Scored) => Promise<Map<number, Box>>;

const detector = new FaceDetector();
const engine = new SuggestionEngine(detector);

const engineCrop: Cropper = async (img) => {
  const pixels = await analysisPixels(sharp(img.jpeg));
  const { suggestions } = await engine.suggest(pixels, img, RATIOS);
  return new Map(suggestions.map((s) => [s.aspectRatioId, s]));
};

/** sharp's own: resize to the largest crop with `cover` + `attention`, which reports where it cut. */
const attentionCrop: Cropper = async (img) => {
  const out = new Map<number, Box>();
  for (const r of RATIOS) {
    const size = largestCrop(img.width, img.height, r)!;
    const { info } = await sharp(img.jpeg)
      .resize(size.width, size.height, { fit: 'cover', position: 'attention' })
      .raw()
      .toBuffer({ resolveWithObject: true });
    out.set(r.id, { x: -(info.cropOffsetLeft ?? 0), y: -(info.cropOffsetTop ?? 0), ...size });
  }
  return out;
};

const centreCrop: Cropper = async (img) => {
  await sharp(img.jpeg).metadata();
  const out = new Map<number, Box>();
  for (const r of RATIOS) {
    const size = largestCrop(img.width, img.height, r)!;
    out.set(r.id, {
      x: Math.floor((img.width - size.width) / 2),
      y: Math.floor((img.height - size.height) / 2),
      ...size,
    });
  }
  return out;
};

function reference(img: Scored, size: { width: number; height: number }): Box {
  const cx = img.subject.x + img.subject.width / 2;
  const cy = img.subject.y + img.subject.height / 2;
  return {
    x: Math.min(img.width - size.width, Math.max(0, Math.round(cx - size.width / 2))),
    y: Math.min(img.height - size.height, Math.max(0, Math.round(cy - size.height / 2))),
    ...size,
  };
}

/** A drawn object (no face): a filled, outlined star of random colours. */
async function objectComposite(seed: number, background: (typeof BACKGROUNDS)[number]): Promise<Composite> {
  const r = rng(seed);
  const h = Math.round(1080 * (0.15 + r() * 0.45));
  const pts = Array.from({ length: 10 }, (_, i) => {
    const rad = i % 2 ? 0.45 * h * 0.45 : 0.5 * h;
    const a = (Math.PI * i) / 5;
    return `${(h / 2 + rad * Math.sin(a)).toFixed(1)},${(h / 2 - rad * Math.cos(a)).toFixed(1)}`;
  }).join(' ');
  const c = () => `rgb(${Math.floor(r() * 256)},${Math.floor(r() * 256)},${Math.floor(r() * 256)})`;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${h}" height="${h}"><polygon points="${pts}" fill="${c()}" stroke="${c()}" stroke-width="${Math.round(h / 30)}"/></svg>`;
  const star = await sharp(Buffer.from(svg)).png().toBuffer();
  const base = await composite({
    width: 1920,
    height: 1080,
    background,
    patch: { png: star, width: h, height: h, face: { x: 0, y: 0, width: h, height: h } },
    scale: h / 1080,
    at: { x: r(), y: r() },
    seed,
  });
  return base;
}

async function main() {
  const patches = await headPatches(detector);
  console.log(`crops bench: ${N} composites 1920x1080 from ${patches.length} heads, seed ${SEED}`);
  const images: Composite[] = [];
  const r = rng(SEED);
  for (let i = 0; i < N; i++) {
    const background = BACKGROUNDS[i % BACKGROUNDS.length];
    if (i % 3 === 2) images.push(await objectComposite(SEED * 1000 + i, background));
    else
      images.push(
        await composite({
          width: 1920,
          height: 1080,
          background,
          patch: patches[Math.floor(r() * patches.length)],
          scale: 0.15 + r() * 0.5,
          at: { x: r(), y: r() },
          seed: SEED * 1000 + i,
        }),
      );
  }
  await engineCrop(images[0]); // loads the model once, outside the timings

  const croppers: [string, Cropper][] = [
    ['engine', engineCrop],
    ['sharp attention', attentionCrop],
    ['centre', centreCrop],
  ];
  const photos = realPhotos();
  const rows: string[] = [];
  const speed: string[] = [];
  for (const [name, crop] of croppers) {
    const ms: number[] = [];
    const onComposites = await quality(name, crop, images, {
      ms,
      possibleOnly: false,
      tag: (i) => `${BACKGROUNDS[i % BACKGROUNDS.length]} ${i % 3 === 2 ? 'object' : 'face'}`,
    });
    const onPhotos = await quality(name, crop, photos, {
      ms: [],
      possibleOnly: true,
      tag: (i) => photos[i].name,
    });
    for (const ratio of RATIOS) {
      const c = onComposites.get(ratio.id)!;
      const p = onPhotos.get(ratio.id)!;
      rows.push(
        `${name.padEnd(16)} ${ratio.title.padEnd(5)} subject whole ${share(c)} of ${String(c.n).padStart(3)}   mean IoU ${c.iou}` +
          `   |   photos: whole ${share(p)} of ${String(p.n).padStart(2)}   mean IoU ${p.iou}`,
      );
    }
    const total = ms.reduce((a, b) => a + b, 0);
    speed.push(
      `${name.padEnd(16)} ms per image (5 ratios): p50 ${pct(ms, 50).toFixed(1).padStart(6)}  p95 ${pct(ms, 95).toFixed(1).padStart(6)}   ${((1000 * ms.length) / total).toFixed(1)} images/s`,
    );
  }
  console.log(
    `\nquality (left: ${N} composites with a known subject box; right: ${photos.length} real photos, test/fixtures/photos, pairs where the subject fits)`,
  );
  for (const row of rows) console.log(row);
  console.log('\nspeed (one at a time, decode of the 1920x1080 JPEG included)');
  for (const row of speed) console.log(row);
}

/**
 * Per ratio: how many of the pairs where the subject can fit the crop hold it whole (k of n), and the mean
 * IoU with the subject-centred reference, over every pair or (`possibleOnly`) over those pairs alone.
 * Each image's time for all ratios goes to `ms`; `tag` names an image in BENCH_DEBUG's list of the engine's misses.
 */
async function quality(
  name: string,
  crop: Cropper,
  images: Scored[],
  opts: { ms: number[]; possibleOnly: boolean; tag: (index: number) => string },
) {
  const out = new Map<number, { k: number; n: number; ious: number[]; iou: string }>();
  for (const ratio of RATIOS) out.set(ratio.id, { k: 0, n: 0, ious: [], iou: '' });
  for (const [index, img] of images.entries()) {
    const t0 = performance.now();
    const crops = await crop(img);
    opts.ms.push(performance.now() - t0);
    for (const ratio of RATIOS) {
      const c = crops.get(ratio.id)!;
      const q = out.get(ratio.id)!;
      const possible = img.subject.width <= c.width && img.subject.height <= c.height;
      if (possible) {
        q.n++;
        if (inside(c, img.subject, 1)) q.k++;
        else if (process.env.BENCH_DEBUG && name === 'engine')
          console.log(
            'miss',
            index,
            opts.tag(index),
            ratio.title,
            JSON.stringify(img.subject),
            JSON.stringify(c),
          );
      }
      if (possible || !opts.possibleOnly)
        q.ious.push(iou(c, reference(img, { width: c.width, height: c.height })));
    }
  }
  for (const q of out.values()) {
    q.iou = q.ious.length ? (q.ious.reduce((a, b) => a + b, 0) / q.ious.length).toFixed(3) : '  -  ';
  }
  return out;
}

const share = (q: { k: number; n: number }) => `${q.n ? ((100 * q.k) / q.n).toFixed(1) : '-'}%`.padStart(6);

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
