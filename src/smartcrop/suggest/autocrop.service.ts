import { Injectable, Logger } from '@nestjs/common';
import { Storage } from '../../infra/storage/storage.js';
import { renditionKey } from '../../infra/storage/storage-key.js';
import { CONTENT_TYPE, EXTENSION, ImageProcessor } from '../image-processor.js';
import { ImageRepository } from '../image.repository.js';
import { RenditionRepository, type RenditionWrite } from '../rendition.repository.js';
import { AnalysisRepository } from './analysis.repository.js';
import { AutoCropRepository, type AutoCropSetting } from './autocrop.repository.js';
import { SuggestionService } from './suggestion.service.js';

export type AutoCropOutcome = 'off' | 'doubtful' | 'busy' | 'cropped';

/**
 * Auto-crop (off by default, per provider): once every image of a programme is analysed, a programme
 * whose every image has a suggestion at or above the provider's minimum score for every aspect ratio,
 * and no BelowMinimum warning, is cropped from its suggestions and moved on to QA (or Completed when the
 * QA sample does not pick it), by the system. Anything doubtful, or claimed by an Operator meanwhile,
 * is left to the Operators.
 */
@Injectable()
export class AutoCropService {
  private readonly logger = new Logger(AutoCropService.name);

  constructor(
    private readonly repo: AutoCropRepository,
    private readonly analysis: AnalysisRepository,
    private readonly suggestions: SuggestionService,
    private readonly processor: ImageProcessor,
    private readonly storage: Storage,
    private readonly renditions: RenditionRepository,
    private readonly images: ImageRepository,
  ) {}

  /** The providers' settings (Admin); a provider without one is off. */
  settings(): Promise<AutoCropSetting[]> {
    return this.repo.settings();
  }

  /** Turns auto-crop on or off for a provider, by this Admin. */
  setting(s: Omit<AutoCropSetting, 'updated_at'>, userId: number): Promise<AutoCropSetting> {
    return this.repo.put(s, userId);
  }

  /** Called when an image's analysis is done. */
  async afterAnalysis(imageId: string): Promise<AutoCropOutcome> {
    const on = await this.repo.enabledFor(imageId);
    if (!on) return 'off';
    const images = await this.repo.programmeImages(on.programId);
    if (images.some((i) => i.status !== 1 || i.current_state !== 0)) return 'busy';
    const ids = images.map((i) => i.id);
    const fields = await this.suggestions.fieldsFor(ids);
    const ratios = await this.analysis.ratios();
    const minScore = on.setting.min_score;
    const confident = images.every((i) => {
      const f = fields.get(i.id)!;
      return (
        f.Analysis.State === 'done' &&
        f.Warnings.length === 0 &&
        ratios.every((r) =>
          f.SuggestedCrops.some((s) => s.AspectRatioId === r.id && s.Score >= minScore - 1e-6),
        )
      );
    });
    if (!confident) return 'doubtful';

    const created: string[] = [];
    try {
      const writes: RenditionWrite[] = [];
      for (const image of images) {
        const bytes = await this.processor.loadSource(image.image_url);
        const suggested = fields.get(image.id)!.SuggestedCrops;
        const cutOf = this.processor.cutter(
          { bytes, ...(await this.processor.dimensions(bytes)) },
          suggested.length,
        );
        for (const s of suggested) {
          const cut = await cutOf({ X: s.X, Y: s.Y, Width: s.Width, Height: s.Height });
          const key = renditionKey(
            image.provider_name,
            Number(image.link_object_id),
            Number(image.id),
            s.AspectRatioId,
            EXTENSION[cut.format],
          );
          created.push(key);
          await this.storage.put(key, cut.bytes, CONTENT_TYPE[cut.format]);
          writes.push({
            programId: Number(image.link_object_id),
            imageId: Number(image.id),
            aspectRatioId: s.AspectRatioId,
            x: s.X,
            y: s.Y,
            width: s.Width,
            height: s.Height,
            outputWidth: cut.width,
            outputHeight: cut.height,
            imageTypeId: image.image_type_id,
            languageId: image.language_id,
            storageKey: key,
            publicUrl: this.storage.publicUrl(key),
            contentType: CONTENT_TYPE[cut.format],
            byteSize: cut.bytes.length,
          });
        }
      }
      const outcome = await this.images.transaction(async (m) => {
        if (!(await this.repo.lockQueued(m, on.programId, ids))) return 'busy' as const;
        await this.renditions.upsert(m, writes, null);
        const suggestions = Object.fromEntries(ratios.map((r) => [r.id, 'equal']));
        const status = await this.repo.moveOn(m, on.programId, on.setting.qa_sample_percent, {
          suggestions,
          minScore,
          qaSamplePercent: on.setting.qa_sample_percent,
        });
        this.logger.log({ programId: on.programId, images: ids.length, status }, 'Auto-cropped a programme');
        return 'cropped' as const;
      });
      if (outcome !== 'cropped') await this.removeQuietly(created);
      return outcome;
    } catch (err) {
      await this.removeQuietly(created);
      throw err;
    }
  }

  private async removeQuietly(keys: string[]): Promise<void> {
    for (const key of keys) await this.storage.delete(key).catch(() => undefined);
  }
}
