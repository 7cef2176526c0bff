import {
  BadGatewayException,
  BadRequestException,
  Inject,
  Injectable,
  NotFoundException,
} from '@nestjs/common';
import type { AppConfig } from '../../config/config.js';
import { APP_CONFIG } from '../../config/config.module.js';
import {
  AnalysisRepository,
  type RatioRow,
  type SuggestionContext,
  type SuggestionFieldsContext,
} from './analysis.repository.js';
import { AnalysisFailure, AnalysisService } from './analysis.service.js';
import { largestCrop } from './crop-search.js';
import type {
  CropSuggestionsDto,
  CropWarningDto,
  SuggestedCropDto,
  SuggestionFields,
} from './suggestion.dto.js';

/** How a saved rendition relates to the suggestion for its ratio, as the audit records it. */
export type SuggestionOutcome = 'equal' | 'moved' | 'replaced' | 'none';

export interface SuggestibleCrop {
  AspectRatioId: number;
  X?: number;
  Y?: number;
  Width?: number;
  Height?: number;
  ImageData?: string;
  /** The crop's bytes from a multipart file part. */
  ImageBytes?: Buffer;
  UseSuggestion?: boolean;
}

export interface ResolvedCrops<T> {
  crops: (T & { X: number; Y: number; Width: number; Height: number })[];
  /** AspectRatioId → outcome, for the audit row. */
  outcomes: Record<number, SuggestionOutcome>;
  warnings: CropWarningDto[];
}

/**
 * Suggestions as the desk sees them: the fields added to image items, the on-demand endpoint, and the
 * small hook in the save path (UseSuggestion, the outcome for the audit, the resolution guard).
 */
@Injectable()
export class SuggestionService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly repo: AnalysisRepository,
    private readonly analysis: AnalysisService,
  ) {}

  /** SuggestedCrops, Analysis and Warnings for each image id. */
  async fieldsFor(imageIds: (string | number)[]): Promise<Map<string, SuggestionFields>> {
    const ids = imageIds.map(String);
    const [states, rows, ratios] = await Promise.all([
      this.repo.states(ids),
      this.repo.suggestions(ids),
      this.repo.ratios(),
    ]);
    return new Map(
      ids.map((id) => [
        id,
        fields(
          states.get(id),
          rows.filter((r) => String(r.image_id) === id),
          ratios,
        ),
      ]),
    );
  }

  /** The same fields from what an image read brought along (`suggestionFieldsColumn`): no query. */
  fieldsFrom(context: SuggestionFieldsContext): SuggestionFields {
    return fields(context.state ?? undefined, context.suggestions, context.ratios);
  }

  /** GET /image/GetCropSuggestions: stored suggestions, computed now when the analysis has not run. */
  async forImage(imageId: number): Promise<CropSuggestionsDto> {
    const image = await this.repo.source(imageId);
    if (!image) throw new NotFoundException(`Image ${imageId} does not exist`);
    const state = await this.repo.stateOf(image.id);
    if (state?.state !== 'done' && state?.state !== 'failed') {
      try {
        await this.repo.complete(image.id, await this.analysis.compute(image.image_url));
      } catch (err) {
        if (!(err instanceof AnalysisFailure)) throw err;
        if (!err.permanent)
          throw new BadGatewayException(`The source image could not be analysed now: ${err.message}`);
        await this.repo.fail(image.id, `${err.permanent}: ${err.message}`);
      }
    }
    const f = (await this.fieldsFor([image.id])).get(image.id)!;
    return { ImageId: imageId, ...f };
  }

  /**
   * Fills the rectangle of each `UseSuggestion` crop from the image's suggestion (computing it now if
   * needed), records how every crop relates to its suggestion, and applies the resolution guard:
   * a rendition below its ratio's minimum is a warning, or 400 with RESOLUTION_GUARD=refuse.
   */
  async resolve<T extends SuggestibleCrop>(
    imageId: string | number,
    crops: T[],
    known?: SuggestionContext,
  ): Promise<ResolvedCrops<T>> {
    const id = String(imageId);
    // `known`: read with the image (the save path's one read), so nothing is asked again here
    let rows: SuggestionContext['suggestions'] = known?.suggestions ?? (await this.repo.suggestions([id]));
    if (crops.some((c) => c.UseSuggestion) && rows.length === 0) {
      await this.forImage(Number(id));
      rows = await this.repo.suggestions([id]);
    }
    const ratios = new Map((known?.ratios ?? (await this.repo.ratios())).map((r) => [r.id, r]));
    const out: ResolvedCrops<T> = { crops: [], outcomes: {}, warnings: [] };
    for (const c of crops) {
      const s = rows.find((r) => r.aspectratioid === c.AspectRatioId);
      let rect: { X: number; Y: number; Width: number; Height: number };
      if (c.UseSuggestion) {
        if (c.ImageData || c.ImageBytes) {
          throw new BadRequestException(
            `Crop ${c.AspectRatioId} of image ${id}: send UseSuggestion or image bytes (ImageData or a file part), not both`,
          );
        }
        if (!s) {
          throw new BadRequestException(
            `Image ${id} has no suggested crop for aspect ratio ${c.AspectRatioId}`,
          );
        }
        rect = { X: s.x, Y: s.y, Width: s.width, Height: s.height };
      } else {
        if (c.X === undefined || c.Y === undefined || c.Width === undefined || c.Height === undefined) {
          throw new BadRequestException(
            `Crop ${c.AspectRatioId} of image ${id}: X, Y, Width and Height are required without UseSuggestion`,
          );
        }
        rect = { X: c.X, Y: c.Y, Width: c.Width, Height: c.Height };
      }
      out.crops.push({ ...c, ...rect });
      out.outcomes[c.AspectRatioId] = outcome(rect, s);
      const ratio = ratios.get(c.AspectRatioId);
      if (ratio && (rect.Width < ratio.min_width || rect.Height < ratio.min_height)) {
        const message =
          `The ${ratio.title} rendition is ${rect.Width}x${rect.Height}, below the minimum ` +
          `${ratio.min_width}x${ratio.min_height}`;
        if (this.config.analysis.resolutionGuard === 'refuse') {
          throw new BadRequestException(`${message} (RESOLUTION_GUARD=refuse)`);
        }
        out.warnings.push({ AspectRatioId: c.AspectRatioId, Code: 'BelowMinimum', Message: message });
      }
    }
    return out;
  }
}

function outcome(
  rect: { X: number; Y: number; Width: number; Height: number },
  s: SuggestionContext['suggestions'][number] | undefined,
): SuggestionOutcome {
  if (!s) return 'none';
  if (rect.X === s.x && rect.Y === s.y && rect.Width === s.width && rect.Height === s.height) return 'equal';
  // the operator kept most of it (moved or resized a little) versus drew something else
  const x0 = Math.max(rect.X, s.x);
  const y0 = Math.max(rect.Y, s.y);
  const x1 = Math.min(rect.X + rect.Width, s.x + s.width);
  const y1 = Math.min(rect.Y + rect.Height, s.y + s.height);
  const inter = Math.max(0, x1 - x0) * Math.max(0, y1 - y0);
  const iou = inter / (rect.Width * rect.Height + s.width * s.height - inter);
  return iou >= 0.5 ? 'moved' : 'replaced';
}

function fields(
  state: SuggestionFieldsContext['state'] | undefined,
  rows: SuggestionFieldsContext['suggestions'],
  ratios: RatioRow[],
): SuggestionFields {
  const done = state?.state === 'done';
  const SuggestedCrops: SuggestedCropDto[] = done
    ? rows.map((r) => ({
        AspectRatioId: r.aspectratioid,
        X: r.x,
        Y: r.y,
        Width: r.width,
        Height: r.height,
        Score: Math.round(r.score * 1000) / 1000,
        Method: r.method,
      }))
    : [];
  const Warnings: CropWarningDto[] = [];
  if (done && state.source_width && state.source_height) {
    for (const ratio of ratios) {
      const best = largestCrop(state.source_width, state.source_height, ratio);
      if (!best || best.width < ratio.min_width || best.height < ratio.min_height) {
        Warnings.push({
          AspectRatioId: ratio.id,
          Code: 'BelowMinimum',
          Message:
            `The largest ${ratio.title} crop of this ${state.source_width}x${state.source_height} source is ` +
            `${best ? `${best.width}x${best.height}` : 'empty'}, below the minimum ${ratio.min_width}x${ratio.min_height}`,
        });
      }
    }
  }
  return {
    SuggestedCrops,
    Analysis: {
      State: state?.state === 'done' || state?.state === 'failed' ? state.state : 'pending',
      Reason: state?.reason ?? null,
      SourceWidth: state?.source_width ?? null,
      SourceHeight: state?.source_height ?? null,
    },
    Warnings,
  };
}
