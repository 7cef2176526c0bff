import type { FaceBox } from './face-detector.js';
import type { SaliencyMap } from './saliency.js';

export interface AspectRatio {
  id: number;
  width: number;
  height: number;
}

export type SuggestionMethod = 'face' | 'saliency' | 'centre' | 'full';

export interface CropSuggestion {
  aspectRatioId: number;
  x: number;
  y: number;
  width: number;
  height: number;
  score: number;
  method: SuggestionMethod;
}

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** What the search knows about one image, all in source pixels except the map. */
export interface ImageFindings {
  width: number;
  height: number;
  faces: FaceBox[];
  map: SaliencyMap;
  /** Source pixels per map cell side, across and down. */
  mapScale: { x: number; y: number };
}

const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));

/**
 * The largest crop of exactly the ratio's shape inside the image (width × ratio height equals height ×
 * ratio width, in whole pixels), or undefined when the image is smaller than the reduced ratio itself.
 */
export function largestCrop(
  width: number,
  height: number,
  ratio: AspectRatio,
): { width: number; height: number } | undefined {
  const g = gcd(ratio.width, ratio.height);
  const a = ratio.width / g;
  const b = ratio.height / g;
  const k = Math.floor(Math.min(width / a, height / b));
  return k >= 1 ? { width: k * a, height: k * b } : undefined;
}

/** A face box grown to a head: the detector's box is the face alone, the crop should keep hair and chin. */
export function headBox(f: Box, width: number, height: number): Box {
  const x0 = Math.max(0, f.x - f.width * 0.2);
  const y0 = Math.max(0, f.y - f.height * 0.3);
  const x1 = Math.min(width, f.x + f.width * 1.2);
  const y1 = Math.min(height, f.y + f.height * 1.15);
  return { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
}

const union = (a: Box, b: Box): Box => {
  const x0 = Math.min(a.x, b.x);
  const y0 = Math.min(a.y, b.y);
  return {
    x: x0,
    y: y0,
    width: Math.max(a.x + a.width, b.x + b.width) - x0,
    height: Math.max(a.y + a.height, b.y + b.height) - y0,
  };
};

/** Faces to keep: the most prominent first, each added while the union still fits the crop. */
function facesToKeep(faces: FaceBox[], size: { width: number; height: number }, w: number, h: number) {
  const heads = faces
    .map((f) => ({ box: headBox(f, w, h), score: f.score, area: f.width * f.height }))
    .sort((a, b) => b.area - a.area);
  let keep: Box | undefined;
  const kept: typeof heads = [];
  for (const head of heads) {
    const next = keep ? union(keep, head.box) : head.box;
    if (next.width <= size.width && next.height <= size.height) {
      keep = next;
      kept.push(head);
    } else if (!keep) break;
  }
  return { keep, kept, all: heads };
}

/** Integral image of the map, sampled between cells by bilinear interpolation. */
function integral(map: SaliencyMap) {
  const W = map.width + 1;
  const sums = new Float64Array(W * (map.height + 1));
  for (let y = 0; y < map.height; y++) {
    let row = 0;
    for (let x = 0; x < map.width; x++) {
      row += map.values[y * map.width + x];
      sums[(y + 1) * W + x + 1] = sums[y * W + x + 1] + row;
    }
  }
  const at = (x: number, y: number) => {
    const cx = Math.min(map.width, Math.max(0, x));
    const cy = Math.min(map.height, Math.max(0, y));
    const x0 = Math.floor(cx);
    const y0 = Math.floor(cy);
    const x1 = Math.min(map.width, x0 + 1);
    const y1 = Math.min(map.height, y0 + 1);
    const fx = cx - x0;
    const fy = cy - y0;
    const top = sums[y0 * W + x0] * (1 - fx) + sums[y0 * W + x1] * fx;
    const bottom = sums[y1 * W + x0] * (1 - fx) + sums[y1 * W + x1] * fx;
    return top * (1 - fy) + bottom * fy;
  };
  const total = at(map.width, map.height);
  return {
    total,
    inside: (b: Box) =>
      at(b.x + b.width, b.y + b.height) - at(b.x, b.y + b.height) - at(b.x + b.width, b.y) + at(b.x, b.y),
  };
}

/**
 * Closeness of a subject centre (0–1 across the crop) to the centre or a third line. Mild: the centre
 * weighs most, a third line a little less, so a subject that cannot be centred (near the image's edge)
 * lands on the third line rather than anywhere.
 */
function composition(u: number, anchors: number[]): number {
  return Math.max(...anchors.map((a) => (a === 0.5 ? 1 : 0.8) * Math.exp(-(((u - a) / 0.06) ** 2))));
}

/** Positions to try along one axis: a grid of about 64 steps plus the ones that put `centre` on an anchor. */
function positions(slack: number, crop: number, centre: number | undefined, anchors: number[]): number[] {
  if (slack <= 0) return [0];
  const out = new Set<number>([0, slack, Math.round(slack / 2)]);
  const step = Math.max(1, Math.floor(slack / 64));
  for (let t = 0; t <= slack; t += step) out.add(t);
  if (centre !== undefined) {
    for (const a of anchors) out.add(Math.min(slack, Math.max(0, Math.round(centre - a * crop))));
  }
  return [...out];
}

const THIRDS = [1 / 3, 1 / 2, 2 / 3];
const HEAD_ROOM = [1 / 3, 1 / 2];

/**
 * The best crop of the ratio's exact shape: as large as the image allows, placed so that every face it
 * can hold is whole, then so that it holds the most saliency, with a mild preference for the subject on a
 * third line or the centre (faces: upper third or centre). Score 0–1: high when faces are kept whole or a
 * subject stands out, low when nothing stands out or a face cannot fit.
 */
export function searchCrop(img: ImageFindings, ratio: AspectRatio): CropSuggestion | undefined {
  const size = largestCrop(img.width, img.height, ratio);
  if (!size) return undefined;
  const base = { aspectRatioId: ratio.id, width: size.width, height: size.height };
  if (size.width === img.width && size.height === img.height) {
    return { ...base, x: 0, y: 0, score: 1, method: 'full' };
  }
  const { keep, kept, all } = facesToKeep(img.faces, size, img.width, img.height);
  const sums = integral(img.map);
  const toMap = (b: Box): Box => ({
    x: b.x / img.mapScale.x,
    y: b.y / img.mapScale.y,
    width: b.width / img.mapScale.x,
    height: b.height / img.mapScale.y,
  });
  const salientBox = img.map.box && {
    x: img.map.box.x * img.mapScale.x,
    y: img.map.box.y * img.mapScale.y,
    width: img.map.box.width * img.mapScale.x,
    height: img.map.box.height * img.mapScale.y,
  };
  const concentration = Math.max(0, Math.min(1, 1 - 2 * img.map.halfMassArea));
  // the main salient region, grown by a cell each way (the map is coarse), kept whole when it fits
  const region = img.map.subject && {
    x: Math.max(0, (img.map.subject.x - 1) * img.mapScale.x),
    y: Math.max(0, (img.map.subject.y - 1) * img.mapScale.y),
    width: Math.min(img.width, (img.map.subject.x + img.map.subject.width + 1) * img.mapScale.x),
    height: Math.min(img.height, (img.map.subject.y + img.map.subject.height + 1) * img.mapScale.y),
  };
  if (region) {
    region.width -= region.x;
    region.height -= region.y;
  }
  const regionFits =
    !keep && concentration >= 0.2 && region && region.width <= size.width && region.height <= size.height;
  const must = keep ?? (regionFits ? region : undefined);
  const subject = must ?? (concentration >= 0.2 ? salientBox : undefined);
  const centreOf = (b: Box | undefined, axis: 'x' | 'y') =>
    b && (axis === 'x' ? b.x + b.width / 2 : b.y + b.height / 2);
  const xs = positions(img.width - size.width, size.width, centreOf(subject, 'x'), THIRDS);
  const ys = positions(
    img.height - size.height,
    size.height,
    centreOf(subject, 'y'),
    keep ? HEAD_ROOM : THIRDS,
  );
  const freeX = img.width > size.width;

  let best: { x: number; y: number; j: number; coverage: number } | undefined;
  for (const x of xs) {
    for (const y of ys) {
      const crop = { x, y, width: size.width, height: size.height };
      if (must && !contains(crop, must)) continue;
      const coverage = sums.total > 0 ? sums.inside(toMap(crop)) / sums.total : 0;
      let j = coverage;
      if (subject) {
        const u = freeX
          ? (centreOf(subject, 'x')! - x) / size.width
          : (centreOf(subject, 'y')! - y) / size.height;
        j += 0.06 * composition(u, freeX || !keep ? THIRDS : HEAD_ROOM);
      } else {
        // nothing stands out: stay near the centre
        j -=
          0.05 *
          (Math.abs(x - (img.width - size.width) / 2) / img.width +
            Math.abs(y - (img.height - size.height) / 2) / img.height);
      }
      if (!best || j > best.j + 1e-9) best = { x, y, j, coverage };
    }
  }
  // `must` always fits by construction, so some position qualified
  const { x, y, coverage } = best!;
  if (keep) {
    const conf = kept.reduce((s, f) => s + f.score, 0) / kept.length;
    const allKept = kept.length === all.length;
    const score = allKept
      ? 0.6 + 0.25 * conf + 0.15 * coverage
      : 0.3 + 0.2 * (kept.length / all.length) + 0.1 * coverage;
    return { ...base, x, y, score: round(score), method: 'face' };
  }
  if (all.length > 0) {
    // a face too large for this ratio: the crop holds what saliency it can, and says it is unsure
    return { ...base, x, y, score: round(0.15 * coverage), method: 'saliency' };
  }
  if (!subject)
    return { ...base, x, y, score: round(coverage * (0.15 + 0.6 * concentration)), method: 'centre' };
  return { ...base, x, y, score: round(coverage * (0.15 + 0.6 * concentration)), method: 'saliency' };
}

const contains = (outer: Box, inner: Box) =>
  inner.x >= outer.x - 0.5 &&
  inner.y >= outer.y - 0.5 &&
  inner.x + inner.width <= outer.x + outer.width + 0.5 &&
  inner.y + inner.height <= outer.y + outer.height + 0.5;

const round = (v: number) => Math.round(Math.max(0, Math.min(1, v)) * 1000) / 1000;
