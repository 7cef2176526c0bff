/**
 * Suggested crops, measured: the engine beside sharp's `attention` crop alone and a centre crop, on the
 * same composites (a real head, or a drawn object, pasted at a random place and scale onto six kinds of
 * background, so the subject box is known exactly).
 * Quality per aspect ratio: the share of (image, ratio) pairs whose crop holds the subject whole, among
 * the pairs where that is geometrically possible, and the mean IoU of the crop with the subject-centred
 * reference (the same-size crop centred on the subject, moved inside the image).
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

type Cropper = (img: Composite) => Promise<Map<number, Box>>;

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

function reference(img: Composite, size: { width: number; height: number }): Box {
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
  const rows: string[] = [];
  const speed: string[] = [];
  for (const [name, crop] of croppers) {
    const kept = new Map<number, [number, number]>();
    const ious = new Map<number, number[]>();
    const ms: number[] = [];
    for (const img of images) {
      const t0 = performance.now();
      const crops = await crop(img);
      ms.push(performance.now() - t0);
      for (const ratio of RATIOS) {
        const c = crops.get(ratio.id)!;
        const possible = img.subject.width <= c.width && img.subject.height <= c.height;
        const [k, n] = kept.get(ratio.id) ?? [0, 0];
        if (possible) kept.set(ratio.id, [k + (inside(c, img.subject, 1) ? 1 : 0), n + 1]);
        if (process.env.BENCH_DEBUG && name === 'engine' && possible && !inside(c, img.subject, 1))
          console.log(
            'miss',
            images.indexOf(img),
            ratio.title,
            BACKGROUNDS[images.indexOf(img) % 6],
            images.indexOf(img) % 3 === 2 ? 'object' : 'face',
            JSON.stringify(img.subject),
            JSON.stringify(c),
          );
        ious.set(ratio.id, [
          ...(ious.get(ratio.id) ?? []),
          iou(c, reference(img, { width: c.width, height: c.height })),
        ]);
      }
    }
    for (const ratio of RATIOS) {
      const [k, n] = kept.get(ratio.id) ?? [0, 0];
      const xs = ious.get(ratio.id)!;
      rows.push(
        `${name.padEnd(16)} ${ratio.title.padEnd(5)} subject whole ${((100 * k) / n).toFixed(1).padStart(5)}% of ${String(n).padStart(3)}   mean IoU ${(xs.reduce((a, b) => a + b, 0) / xs.length).toFixed(3)}`,
      );
    }
    const total = ms.reduce((a, b) => a + b, 0);
    speed.push(
      `${name.padEnd(16)} ms per image (5 ratios): p50 ${pct(ms, 50).toFixed(1).padStart(6)}  p95 ${pct(ms, 95).toFixed(1).padStart(6)}   ${((1000 * ms.length) / total).toFixed(1)} images/s`,
    );
  }
  console.log('\nquality (composites with a known subject box)');
  for (const row of rows) console.log(row);
  console.log('\nspeed (one at a time, decode of the 1920x1080 JPEG included)');
  for (const row of speed) console.log(row);
}

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
