import sharp from 'sharp';
import { FaceDetector } from '../../../src/smartcrop/suggest/face-detector.js';
import { analysisPixels, SuggestionEngine } from '../../../src/smartcrop/suggest/suggestion-engine.js';
import { composite, headPatches, inside } from './composites.js';

const RATIOS = [
  { id: 1, width: 16, height: 9 },
  { id: 2, width: 4, height: 3 },
  { id: 3, width: 3, height: 4 },
  { id: 4, width: 2, height: 3 },
  { id: 5, width: 1, height: 1 },
];

const detector = new FaceDetector();
const engine = new SuggestionEngine(detector);

async function suggest(bytes: Buffer) {
  const meta = await sharp(bytes).metadata();
  const pixels = await analysisPixels(sharp(bytes));
  return engine.suggest(pixels, { width: meta.width, height: meta.height }, RATIOS);
}

describe('suggestion engine on generated images', () => {
  it.each([
    [1920, 1080],
    [1001, 777],
    [333, 1200],
    [640, 640],
    [17, 10],
  ])('gives every ratio its exact shape, inside a %ix%i image', async (width, height) => {
    const noise = Buffer.alloc(width * height * 3);
    for (let i = 0; i < noise.length; i++) noise[i] = (i * 7919) % 251;
    const png = await sharp(noise, { raw: { width, height, channels: 3 } })
      .png()
      .toBuffer();
    const { suggestions } = await suggest(png);
    expect(suggestions.map((s) => s.aspectRatioId).sort()).toEqual(
      RATIOS.filter((r) => width >= r.width && height >= r.height).map((r) => r.id),
    );
    for (const s of suggestions) {
      const r = RATIOS.find((x) => x.id === s.aspectRatioId)!;
      expect(s.width * r.height).toBe(s.height * r.width);
      expect(Number.isInteger(s.x) && Number.isInteger(s.y)).toBe(true);
      expect(s.x).toBeGreaterThanOrEqual(0);
      expect(s.y).toBeGreaterThanOrEqual(0);
      expect(s.x + s.width).toBeLessThanOrEqual(width);
      expect(s.y + s.height).toBeLessThanOrEqual(height);
      expect(s.score).toBeGreaterThanOrEqual(0);
      expect(s.score).toBeLessThanOrEqual(1);
    }
  });

  it.each([
    ['left', { x: 0, y: 0.5 }],
    ['right', { x: 1, y: 0.3 }],
    ['top-left corner', { x: 0, y: 0 }],
  ])('keeps a face placed at the %s edge whole in every ratio', async (_where, at) => {
    const [patch] = await headPatches(detector);
    const img = await composite({
      width: 1920,
      height: 1080,
      background: 'gradient',
      patch,
      scale: 0.35,
      at,
      seed: 3,
    });
    const { faces, suggestions } = await suggest(img.jpeg);
    expect(faces.length).toBeGreaterThanOrEqual(1);
    expect(suggestions).toHaveLength(5);
    for (const s of suggestions) {
      expect({ ratio: s.aspectRatioId, whole: inside(s, img.face, 2) }).toEqual({
        ratio: s.aspectRatioId,
        whole: true,
      });
      expect(s.method).toBe(s.aspectRatioId === 1 ? 'full' : 'face');
      expect(s.score).toBeGreaterThanOrEqual(0.7);
    }
  });

  it('is unsure when nothing stands out, and sure when a face does', async () => {
    const flat = await sharp({ create: { width: 1600, height: 900, channels: 3, background: '#808080' } })
      .jpeg()
      .toBuffer();
    const [patch] = await headPatches(detector);
    const img = await composite({
      width: 1600,
      height: 900,
      background: 'solid',
      patch,
      scale: 0.3,
      at: { x: 0.7, y: 0.4 },
      seed: 9,
    });
    const low = Math.max(
      ...(await suggest(flat)).suggestions.filter((s) => s.method !== 'full').map((s) => s.score),
    );
    const high = Math.min(...(await suggest(img.jpeg)).suggestions.map((s) => s.score));
    expect(low).toBeLessThan(0.3);
    expect(high).toBeGreaterThan(0.7);
  });

  it('gives a low score when the face is too large for the ratio', async () => {
    const [patch] = await headPatches(detector);
    // a head that fills a wide image: the 2:3 crop (a third of its width) cannot hold it
    const img = await composite({
      width: 1920,
      height: 600,
      background: 'solid',
      patch,
      scale: 1,
      at: { x: 0.5, y: 0 },
      seed: 4,
    });
    const { faces, suggestions } = await suggest(img.jpeg);
    expect(faces.length).toBeGreaterThanOrEqual(1);
    const tall = suggestions.find((s) => s.aspectRatioId === 4)!;
    expect(tall.score).toBeLessThan(0.3);
  });
});
