import { Injectable } from '@nestjs/common';
import type { Sharp } from 'sharp';
import { FaceDetector, type FaceBox, type RgbPixels } from './face-detector.js';
import { inFocus, saliency } from './saliency.js';
import { searchCrop, type AspectRatio, type CropSuggestion } from './crop-search.js';

/**
 * Bumped whenever a change to the engine would change its suggestions; `npm run job -- analyse --stale`
 * re-analyses the images whose suggestions came from an older version.
 */
export const ENGINE_VERSION = 2;

/** Longest side of the image the detector and the saliency map look at. */
export const ANALYSIS_SIDE = 640;

/** The engine's view of an image: upright (EXIF applied), RGB, at most ANALYSIS_SIDE across. */
export async function analysisPixels(image: Sharp): Promise<RgbPixels> {
  const { data, info } = await image
    .rotate()
    .resize(ANALYSIS_SIDE, ANALYSIS_SIDE, { fit: 'inside', withoutEnlargement: true })
    .removeAlpha()
    .toColourspace('srgb')
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

export interface EngineResult {
  faces: FaceBox[];
  suggestions: CropSuggestion[];
}

/**
 * Suggested crops for every aspect ratio from a downscaled copy of the image (`pixels`, at most
 * ANALYSIS_SIDE across) and the source's own size: the detector's faces that are in focus, everything else from the
 * saliency map, all mapped back to source pixels.
 */
@Injectable()
export class SuggestionEngine {
  constructor(private readonly detector: FaceDetector) {}

  async suggest(
    pixels: RgbPixels,
    source: { width: number; height: number },
    ratios: AspectRatio[],
  ): Promise<EngineResult> {
    const sx = source.width / pixels.width;
    const sy = source.height / pixels.height;
    const map = saliency(pixels);
    // a face with no in-focus detail (a blurred bystander, a face-like blur) is left to the saliency map
    const faces = (await this.detector.detect(pixels))
      .filter((f) => inFocus(map, f))
      .map((f) => clampFace(f, sx, sy, source));
    const findings = {
      width: source.width,
      height: source.height,
      faces,
      map,
      mapScale: { x: map.cell * sx, y: map.cell * sy },
    };
    const suggestions = ratios.flatMap((r) => {
      const s = searchCrop(findings, r);
      return s ? [s] : [];
    });
    return { faces, suggestions };
  }
}

function clampFace(f: FaceBox, sx: number, sy: number, src: { width: number; height: number }): FaceBox {
  const x = Math.max(0, f.x * sx);
  const y = Math.max(0, f.y * sy);
  return {
    x,
    y,
    width: Math.min(src.width, (f.x + f.width) * sx) - x,
    height: Math.min(src.height, (f.y + f.height) * sy) - y,
    score: f.score,
  };
}
