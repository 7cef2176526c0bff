import { BadRequestException, HttpException, Inject, Injectable, Logger } from '@nestjs/common';
import type { AppConfig } from '../../config/config.js';
import { APP_CONFIG } from '../../config/config.module.js';
import { ImageProcessor } from '../image-processor.js';
import { AnalysisRepository, type AnalysisDone, type ClaimedAnalysis } from './analysis.repository.js';
import { ENGINE_VERSION, SuggestionEngine } from './suggestion-engine.js';

/** Why an analysis failed for good: the reason's first word, as recorded. */
export type PermanentReason = 'unreachable' | 'not-an-image' | 'too-large' | 'refused';

export class AnalysisFailure extends Error {
  constructor(
    message: string,
    /** undefined = transient: worth another attempt later */
    readonly permanent?: PermanentReason,
  ) {
    super(message);
  }
}

/** Seconds before retry n (1-based): 30 s, 1 min, 2 min, … at most an hour. */
export const backoffSeconds = (attempt: number) => Math.min(3600, 30 * 2 ** Math.max(0, attempt - 1));

/**
 * One image's analysis: its source read the way server-side crops read it (own storage, else the guarded
 * fetcher), its header checked against the pixel cap before any decode, decoded once to a small copy
 * inside the image budget, and a suggestion computed for every aspect ratio.
 */
@Injectable()
export class AnalysisService {
  private readonly logger = new Logger(AnalysisService.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly processor: ImageProcessor,
    private readonly engine: SuggestionEngine,
    private readonly repo: AnalysisRepository,
  ) {}

  /** Reads and analyses the source at `url`; throws AnalysisFailure. */
  async compute(url: string): Promise<AnalysisDone> {
    try {
      const bytes = await this.processor.loadSource(url);
      const size = await this.processor.dimensions(bytes);
      const pixels = await this.processor.preview(bytes);
      const ratios = await this.repo.ratios();
      const { faces, suggestions } = await this.engine.suggest(pixels, size, ratios);
      return {
        width: size.width,
        height: size.height,
        format: size.format,
        bytes: bytes.length,
        faces: faces.length,
        engineVersion: ENGINE_VERSION,
        suggestions,
      };
    } catch (err) {
      throw classify(err);
    }
  }

  /** Runs a claimed queue entry to its recorded end: done, retry later, or failed with its reason. */
  async run(job: ClaimedAnalysis): Promise<'done' | 'retry' | 'failed'> {
    try {
      await this.repo.complete(job.image_id, await this.compute(job.image_url));
      return 'done';
    } catch (err) {
      const failure = err instanceof AnalysisFailure ? err : classify(err);
      if (failure.permanent) {
        await this.repo.fail(job.image_id, `${failure.permanent}: ${failure.message}`);
        return 'failed';
      }
      if (job.attempts >= this.config.analysis.maxAttempts) {
        await this.repo.fail(
          job.image_id,
          `unreachable: gave up after ${job.attempts} attempts: ${failure.message}`,
        );
        return 'failed';
      }
      const retryAt = new Date(Date.now() + backoffSeconds(job.attempts) * 1000);
      await this.repo.fail(job.image_id, `retrying: ${failure.message}`, retryAt);
      this.logger.warn({ imageId: job.image_id, attempt: job.attempts, retryAt }, failure.message);
      return 'retry';
    }
  }
}

/**
 * Our own 4xx/502 answers (from ImageProcessor and the guarded fetcher), sorted into the ones another
 * attempt cannot cure, by what they say, and the rest (timeouts, 5xx, storage down), worth a retry.
 */
function classify(err: unknown): AnalysisFailure {
  if (err instanceof AnalysisFailure) return err;
  const message = err instanceof Error ? err.message : String(err);
  if (!(err instanceof HttpException)) return new AnalysisFailure(message);
  if (/larger than|megapixels/.test(message)) return new AnalysisFailure(message, 'too-large');
  if (/answered (404|410)\b|not in storage/.test(message)) return new AnalysisFailure(message, 'unreachable');
  if (/^The source image is |could not be decoded/.test(message)) {
    return new AnalysisFailure(message, 'not-an-image');
  }
  if (err instanceof BadRequestException) return new AnalysisFailure(message, 'refused');
  return new AnalysisFailure(message);
}
