import type { RgbPixels } from './face-detector.js';

/** A coarse saliency map: one value ≥ 0 per cell of `cell`×`cell` pixels of the analysed image. */
export interface SaliencyMap {
  width: number;
  height: number;
  /** Pixels of the analysed image per cell side. */
  cell: number;
  values: Float32Array;
  /** Share of the map's area that holds half its mass: 0.5 for a flat map, near 0 for one spot. */
  halfMassArea: number;
  /** The box holding the central 90% of the mass along each axis, in map cells; absent for an empty map. */
  box?: { x: number; y: number; width: number; height: number };
  /**
   * The main subject, in map cells: the bounding box of the connected region above half the map's peak
   * that holds the most mass. Absent for an empty map.
   */
  subject?: { x: number; y: number; width: number; height: number };
  /** In-focus detail per cell, 0–1 (1 for the sharpest 2% of the image): see `sharpness`. */
  focus: Float32Array;
}

/** Map cells across the longer side: enough to place a crop to within 1% of the image. */
export const MAP_CELLS = 128;

/**
 * Our own saliency over raw pixels, in three cues that each stand for "not background": colour distance
 * from the image's border (the border is mostly background in programme stills), edge strength above the
 * image's typical edge strength (so a textured background does not light up everywhere), and skin tone.
 * The cell colours are averaged first, which smooths sensor noise and JPEG blocks away. The sum is
 * weighted by focus (fine-grained edge energy near the cell): a sharp subject before a soft background
 * wins over the background's bright or skin-coloured patches.
 */
export function saliency(px: RgbPixels): SaliencyMap {
  const cell = Math.max(1, Math.round(Math.max(px.width, px.height) / MAP_CELLS));
  const w = Math.max(1, Math.floor(px.width / cell));
  const h = Math.max(1, Math.floor(px.height / cell));
  const n = w * h;
  const rgb = new Float32Array(n * 3);
  for (let cy = 0; cy < h; cy++) {
    for (let cx = 0; cx < w; cx++) {
      let r = 0;
      let g = 0;
      let b = 0;
      for (let y = cy * cell; y < (cy + 1) * cell; y++) {
        let o = (y * px.width + cx * cell) * 3;
        for (let x = 0; x < cell; x++, o += 3) {
          r += px.data[o];
          g += px.data[o + 1];
          b += px.data[o + 2];
        }
      }
      const k = (cy * w + cx) * 3;
      const area = cell * cell;
      rgb[k] = r / area;
      rgb[k + 1] = g / area;
      rgb[k + 2] = b / area;
    }
  }
  const smooth = blur3(rgb, w, h);
  const focus = sharpness(px, cell, w, h);

  // the background's colour: the median of the border ring, per channel
  const ring = Math.max(1, Math.round(Math.min(w, h) * 0.04));
  const border: number[][] = [[], [], []];
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      if (x >= ring && x < w - ring && y >= ring && y < h - ring) continue;
      for (let c = 0; c < 3; c++) border[c].push(smooth[(y * w + x) * 3 + c]);
    }
  }
  const bg = border.map((v) => quantile(v, 0.5));

  const surround = boxMean(smooth, w, h, Math.max(2, Math.round(Math.max(w, h) / 10)));
  const dist = new Float32Array(n);
  const local = new Float32Array(n);
  const edge = new Float32Array(n);
  const skin = new Float32Array(n);
  const lum = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const [r, g, b] = [smooth[i * 3], smooth[i * 3 + 1], smooth[i * 3 + 2]];
    dist[i] = Math.hypot(r - bg[0], g - bg[1], b - bg[2]);
    local[i] = Math.hypot(r - surround[i * 3], g - surround[i * 3 + 1], b - surround[i * 3 + 2]);
    lum[i] = 0.299 * rgb[i * 3] + 0.587 * rgb[i * 3 + 1] + 0.114 * rgb[i * 3 + 2];
    const [R, G, B] = [rgb[i * 3], rgb[i * 3 + 1], rgb[i * 3 + 2]];
    skin[i] = R > 95 && G > 40 && B > 20 && R > G && R > B && R - Math.min(G, B) > 15 ? 1 : 0;
  }
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const at = (xx: number, yy: number) =>
        lum[Math.min(h - 1, Math.max(0, yy)) * w + Math.min(w - 1, Math.max(0, xx))];
      edge[y * w + x] = Math.hypot(at(x + 1, y) - at(x - 1, y), at(x, y + 1) - at(x, y - 1));
    }
  }
  const edgeFloor = quantile(Array.from(edge), 0.6);
  const distScale = Math.max(24, quantile(Array.from(dist), 0.99));
  const localScale = Math.max(16, quantile(Array.from(local), 0.99));
  const edgeScale = Math.max(8, quantile(Array.from(edge), 0.99) - edgeFloor);
  const values = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const d = Math.min(1, dist[i] / distScale);
    const e = Math.min(1, Math.max(0, edge[i] - edgeFloor) / edgeScale);
    const l = Math.min(1, local[i] / localScale);
    values[i] = (0.2 * d + 0.35 * l + 0.3 * e + 0.15 * skin[i] * Math.max(d, l)) * (0.25 + 0.75 * focus[i]);
  }
  const floor = quantile(Array.from(values), 0.5);
  let total = 0;
  for (let i = 0; i < n; i++) {
    values[i] = Math.max(0, values[i] - floor);
    total += values[i];
  }
  return {
    width: w,
    height: h,
    cell,
    values,
    halfMassArea: halfMassArea(values, total),
    box: massBox(values, w, h, total),
    subject: mainRegion(values, w, h),
    focus,
  };
}

/**
 * Whether a box of the analysed image (a detected face) holds in-focus detail: its sharpest cell reaches half
 * the image's sharpest. A face blurred far past the rest of the picture (a person in a soft background, or a
 * face-like blur) is not the subject; a picture that is soft all over keeps its faces.
 */
export function inFocus(
  map: SaliencyMap,
  box: { x: number; y: number; width: number; height: number },
): boolean {
  let image = 0;
  for (const v of map.focus) image = Math.max(image, v);
  const x0 = Math.max(0, Math.floor(box.x / map.cell));
  const y0 = Math.max(0, Math.floor(box.y / map.cell));
  const x1 = Math.min(map.width, Math.ceil((box.x + box.width) / map.cell));
  const y1 = Math.min(map.height, Math.ceil((box.y + box.height) / map.cell));
  let here = 0;
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) here = Math.max(here, map.focus[y * map.width + x]);
  }
  return here >= 0.5 * image;
}

/**
 * Per cell, how much in-focus detail is around it (two cells each way), scaled so the sharpest 2% reach 1:
 * the mean absolute Laplacian of the luminance. A second difference is near zero on a blurred slope, however
 * steep its colour change (first differences are not: a soft, high-contrast background scored as sharp), and
 * high on edges and texture that are in focus.
 */
function sharpness(px: RgbPixels, cell: number, w: number, h: number): Float32Array {
  const W = px.width;
  const H = px.height;
  const lum = new Float32Array(W * H);
  for (let i = 0, o = 0; i < lum.length; i++, o += 3) {
    lum[i] = 0.299 * px.data[o] + 0.587 * px.data[o + 1] + 0.114 * px.data[o + 2];
  }
  const fine = new Float32Array(w * h * 3);
  for (let cy = 0; cy < h; cy++) {
    for (let cx = 0; cx < w; cx++) {
      let s = 0;
      for (let y = cy * cell; y < (cy + 1) * cell; y++) {
        const up = Math.max(0, y - 1) * W;
        const row = y * W;
        const down = Math.min(H - 1, y + 1) * W;
        for (let x = cx * cell; x < (cx + 1) * cell; x++) {
          const left = Math.max(0, x - 1);
          const right = Math.min(W - 1, x + 1);
          s += Math.abs(4 * lum[row + x] - lum[row + left] - lum[row + right] - lum[up + x] - lum[down + x]);
        }
      }
      fine[(cy * w + cx) * 3] = s / (cell * cell);
    }
  }
  const spread = boxMean(fine, w, h, 2);
  const level = new Float32Array(w * h);
  for (let i = 0; i < level.length; i++) level[i] = spread[i * 3];
  const top = Math.max(4, quantile(Array.from(level), 0.98));
  for (let i = 0; i < level.length; i++) level[i] = Math.min(1, level[i] / top);
  return level;
}

function mainRegion(values: Float32Array, w: number, h: number): SaliencyMap['subject'] {
  let peak = 0;
  for (const v of values) peak = Math.max(peak, v);
  if (peak <= 0) return undefined;
  const label = new Int32Array(values.length).fill(-1);
  let best: { mass: number; x0: number; y0: number; x1: number; y1: number } | undefined;
  const stack: number[] = [];
  for (let start = 0; start < values.length; start++) {
    if (label[start] !== -1 || values[start] < peak / 2) continue;
    const region = { mass: 0, x0: w, y0: h, x1: 0, y1: 0 };
    label[start] = start;
    stack.push(start);
    while (stack.length) {
      const i = stack.pop()!;
      const x = i % w;
      const y = (i - x) / w;
      region.mass += values[i];
      region.x0 = Math.min(region.x0, x);
      region.y0 = Math.min(region.y0, y);
      region.x1 = Math.max(region.x1, x + 1);
      region.y1 = Math.max(region.y1, y + 1);
      for (const [nx, ny] of [
        [x + 1, y],
        [x - 1, y],
        [x, y + 1],
        [x, y - 1],
      ]) {
        if (nx < 0 || ny < 0 || nx >= w || ny >= h) continue;
        const j = ny * w + nx;
        if (label[j] === -1 && values[j] >= peak / 2) {
          label[j] = start;
          stack.push(j);
        }
      }
    }
    if (!best || region.mass > best.mass) best = region;
  }
  return best && { x: best.x0, y: best.y0, width: best.x1 - best.x0, height: best.y1 - best.y0 };
}

function blur3(rgb: Float32Array, w: number, h: number): Float32Array {
  const out = new Float32Array(rgb.length);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      for (let c = 0; c < 3; c++) {
        let s = 0;
        let k = 0;
        for (let dy = -1; dy <= 1; dy++) {
          for (let dx = -1; dx <= 1; dx++) {
            const xx = x + dx;
            const yy = y + dy;
            if (xx < 0 || yy < 0 || xx >= w || yy >= h) continue;
            s += rgb[(yy * w + xx) * 3 + c];
            k++;
          }
        }
        out[(y * w + x) * 3 + c] = s / k;
      }
    }
  }
  return out;
}

/** Mean colour of the (2r+1)² cells around each cell, clipped at the edges, from an integral image. */
function boxMean(rgb: Float32Array, w: number, h: number, r: number): Float32Array {
  const W = w + 1;
  const sums = new Float64Array(W * (h + 1) * 3);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      for (let c = 0; c < 3; c++) {
        sums[((y + 1) * W + x + 1) * 3 + c] =
          rgb[(y * w + x) * 3 + c] +
          sums[(y * W + x + 1) * 3 + c] +
          sums[((y + 1) * W + x) * 3 + c] -
          sums[(y * W + x) * 3 + c];
      }
    }
  }
  const out = new Float32Array(rgb.length);
  for (let y = 0; y < h; y++) {
    const y0 = Math.max(0, y - r);
    const y1 = Math.min(h, y + r + 1);
    for (let x = 0; x < w; x++) {
      const x0 = Math.max(0, x - r);
      const x1 = Math.min(w, x + r + 1);
      const area = (x1 - x0) * (y1 - y0);
      for (let c = 0; c < 3; c++) {
        out[(y * w + x) * 3 + c] =
          (sums[(y1 * W + x1) * 3 + c] -
            sums[(y0 * W + x1) * 3 + c] -
            sums[(y1 * W + x0) * 3 + c] +
            sums[(y0 * W + x0) * 3 + c]) /
          area;
      }
    }
  }
  return out;
}

function quantile(values: number[], q: number): number {
  if (values.length === 0) return 0;
  const sorted = values.slice().sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

function halfMassArea(values: Float32Array, total: number): number {
  if (total <= 0) return 0.5;
  const sorted = Array.from(values).sort((a, b) => b - a);
  let acc = 0;
  for (let i = 0; i < sorted.length; i++) {
    acc += sorted[i];
    if (acc >= total / 2) return (i + 1) / sorted.length;
  }
  return 0.5;
}

function massBox(values: Float32Array, w: number, h: number, total: number): SaliencyMap['box'] {
  if (total <= 0) return undefined;
  const cols = new Float64Array(w);
  const rows = new Float64Array(h);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      cols[x] += values[y * w + x];
      rows[y] += values[y * w + x];
    }
  }
  const span = (sums: Float64Array): [number, number] => {
    let acc = 0;
    let lo = 0;
    let hi = sums.length - 1;
    let loSet = false;
    for (let i = 0; i < sums.length; i++) {
      acc += sums[i];
      if (!loSet && acc >= total * 0.05) {
        lo = i;
        loSet = true;
      }
      if (acc >= total * 0.95) {
        hi = i;
        break;
      }
    }
    return [lo, hi + 1];
  };
  const [x0, x1] = span(cols);
  const [y0, y1] = span(rows);
  return { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
}
