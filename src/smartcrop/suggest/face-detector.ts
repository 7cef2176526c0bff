import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Injectable, Logger } from '@nestjs/common';

/** A face in the pixels it was found in: top-left corner, size, and the detector's confidence 0–1. */
export interface FaceBox {
  x: number;
  y: number;
  width: number;
  height: number;
  score: number;
}

/** Raw interleaved RGB pixels (3 bytes a pixel, row by row), as sharp's `.raw()` gives them. */
export interface RgbPixels {
  data: Buffer;
  width: number;
  height: number;
}

// the package's node-wasm build is CommonJS and requires @tensorflow/tfjs itself: load both with the one
// require so the router registered below is on the instance Human uses
const require = createRequire(import.meta.url);

interface Tf {
  tensor3d(values: Int32Array, shape: [number, number, number], dtype: 'int32'): { dispose(): void };
  io: {
    registerLoadRouter(router: (url: string | string[]) => unknown): void;
  };
}
interface HumanResult {
  face: { box: [number, number, number, number]; boxScore?: number; score: number }[];
}
interface HumanInstance {
  load(): Promise<void>;
  detect(input: unknown): Promise<HumanResult>;
  tf: Tf;
}

// the package's export map names its tfjs-node build only; the WebAssembly build sits beside it
const HUMAN_ENTRY = join(dirname(require.resolve('@vladmandic/human')), 'human.node-wasm.js');
const MODELS_DIR = join(dirname(HUMAN_ENTRY), '..', 'models');
const WASM_DIR = dirname(require.resolve('@tensorflow/tfjs-backend-wasm'));
const MODEL_PREFIX = 'file://';

/**
 * Reads a TensorFlow.js graph model (model.json and its weight shards) from the package's own folder.
 * Human's node-wasm build loads models with fetch, which Node does not offer for file: URLs; this router
 * answers those URLs from disk instead, so nothing is ever fetched from the network.
 */
function fileRouter(url: string | string[]) {
  if (typeof url !== 'string' || !url.startsWith(MODEL_PREFIX)) return null;
  const path = url.slice(MODEL_PREFIX.length);
  return {
    load: async () => {
      const model = JSON.parse(await readFile(path, 'utf8')) as {
        modelTopology: unknown;
        format?: string;
        generatedBy?: string;
        convertedBy?: string;
        signature?: unknown;
        userDefinedMetadata?: unknown;
        weightsManifest: { paths: string[]; weights: unknown[] }[];
      };
      const shards: Buffer[] = [];
      for (const group of model.weightsManifest) {
        for (const p of group.paths) shards.push(await readFile(join(dirname(path), p)));
      }
      const all = Buffer.concat(shards);
      return {
        modelTopology: model.modelTopology,
        format: model.format,
        generatedBy: model.generatedBy,
        convertedBy: model.convertedBy,
        signature: model.signature,
        userDefinedMetadata: model.userDefinedMetadata,
        weightSpecs: model.weightsManifest.flatMap((g) => g.weights),
        weightData: all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength),
      };
    },
  };
}

/**
 * Faces found by BlazeFace (the face detector of @vladmandic/human, weights inside the npm package) on
 * TensorFlow.js's WebAssembly backend: offline, CPU only, no native build. The model loads once, on first
 * use. Detection runs on the JavaScript thread (about 50 ms for a 640-pixel image), which is why heavy
 * analysis belongs in a worker process (PROCESS_ROLE=worker).
 */
@Injectable()
export class FaceDetector {
  private readonly logger = new Logger(FaceDetector.name);
  private human?: Promise<HumanInstance>;
  /** Detector threshold: BlazeFace scores below it are not counted as faces. */
  static readonly MIN_CONFIDENCE = 0.5;
  static readonly MODEL = 'blazeface (@vladmandic/human 3.3)';

  private load(): Promise<HumanInstance> {
    this.human ??= (async () => {
      const { Human } = require(HUMAN_ENTRY) as { Human: new (config: object) => HumanInstance };
      const human = new Human({
        backend: 'wasm',
        wasmPath: `${WASM_DIR}/`,
        modelBasePath: `${MODEL_PREFIX}${MODELS_DIR}/`,
        debug: false,
        async: true,
        cacheModels: false,
        filter: { enabled: false },
        face: {
          enabled: true,
          detector: {
            enabled: true,
            rotation: false,
            maxDetected: 20,
            minConfidence: FaceDetector.MIN_CONFIDENCE,
            skipFrames: 0,
            skipTime: 0,
          },
          mesh: { enabled: false },
          attention: { enabled: false },
          iris: { enabled: false },
          description: { enabled: false },
          emotion: { enabled: false },
          antispoof: { enabled: false },
          liveness: { enabled: false },
        },
        body: { enabled: false },
        hand: { enabled: false },
        object: { enabled: false },
        gesture: { enabled: false },
        segmentation: { enabled: false },
      });
      human.tf.io.registerLoadRouter(fileRouter);
      await human.load();
      this.logger.log({ model: FaceDetector.MODEL }, 'Face detector loaded');
      return human;
    })();
    this.human.catch(() => (this.human = undefined));
    return this.human;
  }

  /** Faces in `pixels`, in its own coordinates, most confident first. */
  async detect(pixels: RgbPixels): Promise<FaceBox[]> {
    const human = await this.load();
    const view = new Int32Array(pixels.data.length);
    for (let i = 0; i < view.length; i++) view[i] = pixels.data[i];
    const input = human.tf.tensor3d(view, [pixels.height, pixels.width, 3], 'int32');
    try {
      const result = await human.detect(input);
      return result.face
        .map((f) => ({
          x: f.box[0],
          y: f.box[1],
          width: f.box[2],
          height: f.box[3],
          score: f.boxScore ?? f.score,
        }))
        .filter((f) => f.width > 0 && f.height > 0 && f.score >= FaceDetector.MIN_CONFIDENCE)
        .sort((a, b) => b.score - a.score);
    } finally {
      input.dispose();
    }
  }
}
