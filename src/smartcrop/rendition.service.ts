import {
  BadGatewayException,
  BadRequestException,
  ConflictException,
  Inject,
  Injectable,
  Logger,
  NotFoundException,
  ServiceUnavailableException,
  StreamableFile,
} from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AuthUser } from '../common/auth.decorators.js';
import { ApiResult } from '../common/response.js';
import type { AppConfig } from '../config/config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { pgCode } from '../infra/database/pg-code.js';
import { Storage, StorageUnavailableError } from '../infra/storage/storage.js';
import { DeskMetrics } from '../metrics/desk-metrics.js';
import type {
  CroppedImageDto,
  DeleteResult,
  SaveCropedImagesDto,
  SaveCropsResult,
  UpdateCroppedImageInfoItem,
  UpdateStatusResult,
} from './image.dto.js';
import { toImageDto, toRenditionDto, type ImageRow, type RenditionRow } from './image.mapper.js';
import { croppedJson } from './cropped-json.js';
import { ImageRepository, type Queryable } from './image.repository.js';
import { ImageService } from './image.service.js';
import { RenditionPlanner, type PlannedRendition } from './rendition.planner.js';
import { RenditionRepository, type RenditionWrite } from './rendition.repository.js';
import { SuggestionService, type ResolvedCrops } from './suggest/suggestion.service.js';
import { assertStageRole, planTransition, type TransitionRequest } from './transition.rules.js';
import { LockState, Stage } from './stage.js';

/** Saving, editing, reading and deleting renditions: uploads first, then one transaction. */
@Injectable()
export class RenditionService {
  private readonly logger = new Logger(RenditionService.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly storage: Storage,
    private readonly images: ImageRepository,
    private readonly renditions: RenditionRepository,
    private readonly imageService: ImageService,
    private readonly planner: RenditionPlanner,
    private readonly metrics: DeskMetrics,
    private readonly suggestions: SuggestionService,
  ) {}

  /** 404 unknown image, 403 wrong stage for the role, 409 not locked by the caller. */
  private async heldImage(
    user: AuthUser,
    programId: number,
    imageId: number,
    suggestions = false,
  ): Promise<ImageRow> {
    const image = await this.imageService.findImage(programId, imageId, suggestions);
    assertStageRole(user.role, image.status);
    if (image.current_state !== LockState.Locked || image.locked_by !== user.id) {
      throw new ConflictException(
        image.current_state === LockState.Locked
          ? `Image ${imageId} is locked by another user`
          : `Image ${imageId} is not locked by you; claim it first`,
      );
    }
    return image;
  }

  /**
   * Refuses a transition that cannot happen before anything is decoded or uploaded; the transaction
   * checks again against the rows as they are then.
   */
  private async assertTransition(user: AuthUser, image: ImageRow, req: TransitionRequest): Promise<void> {
    planTransition(image.status, req, user.role);
    if (req.rejectReasonId && !(await this.images.rejectReasonExists(req.rejectReasonId))) {
      throw new BadRequestException(`RejectReasonId ${req.rejectReasonId} is not a known reject reason`);
    }
  }

  /**
   * Two transactions: the image read (404/403/409 before any pixel work), then after the uploads one
   * statement that re-checks the lock, writes rows and audit and returns what was written (with a
   * Status, that statement and the transition share one transaction).
   */
  async saveCrops(
    user: AuthUser,
    dto: SaveCropedImagesDto,
    parts: Map<number, Buffer> = new Map(),
  ): Promise<ApiResult<SaveCropsResult>> {
    const image = await this.heldImage(user, dto.ProgramId, dto.ImageId, true);
    const move: TransitionRequest | undefined =
      dto.Status === undefined
        ? undefined
        : { status: dto.Status, currentState: dto.CurrentState, rejectReasonId: dto.RejectReasonId };
    if (move) await this.assertTransition(user, image, move);
    // UseSuggestion, the suggestion outcome for the audit and the resolution guard (issue 19)
    const suggested = await this.suggestions.resolve(
      dto.ImageId,
      dto.Crops.map((c) => ({ ...c, ImageBytes: parts.get(c.AspectRatioId) })),
      image.suggestion_context,
    );
    const planned = await this.planner.plan(
      image,
      suggested.crops.map((c) => ({ ...c, ProgramId: dto.ProgramId, ImageId: dto.ImageId })),
      new Map(),
    );
    let transition: UpdateStatusResult | undefined;
    const write = async (m: Queryable) => {
      const saved = await this.renditions
        .saveHeld(
          m,
          dto.ImageId,
          user.id,
          planned.map((p) => p.write),
          { aspectRatioIds: dto.Crops.map((c) => c.AspectRatioId), suggestions: suggested.outcomes },
        )
        .catch((err: unknown) => {
          // a reference row removed by hand since this process read them: read them again next time
          if (pgCode(err) !== '23503') throw err;
          this.planner.forgetReferences();
          throw new BadRequestException('A crop names an image type or language that no longer exists');
        });
      if (!saved.held) {
        throw new ConflictException('Your lock on these images expired or was released; nothing was saved');
      }
      if (move) transition = await this.imageService.applyTransition(m, user, [image], move);
      return saved;
    };
    const saved = await this.uploadThen(planned, () =>
      move ? this.images.transaction((m) => write(m)) : write(this.images.direct),
    );
    this.metrics.saved(planned.length);
    return new ApiResult(
      {
        ImageId: dto.ImageId,
        Crops: saved.renditions.map((r) => toRenditionDto(r, this.config)),
        Transition: transition,
        Warnings: suggested.warnings,
      },
      `Saved ${planned.length} renditions of image ${dto.ImageId}`,
    );
  }

  async updateCroppedInfo(
    user: AuthUser,
    items: UpdateCroppedImageInfoItem[],
  ): Promise<ApiResult<SaveCropsResult[]>> {
    if (items.length === 0) throw new BadRequestException('Send at least one rendition');
    const byImage = new Map<number, UpdateCroppedImageInfoItem[]>();
    for (const it of items) byImage.set(it.ImageId, [...(byImage.get(it.ImageId) ?? []), it]);
    const held: {
      image: ImageRow;
      items: UpdateCroppedImageInfoItem[];
      move?: TransitionRequest;
      suggested?: ResolvedCrops<UpdateCroppedImageInfoItem>;
    }[] = [];
    for (const [imageId, its] of byImage) {
      if (new Set(its.map((i) => i.ProgramId)).size > 1) {
        throw new BadRequestException(`Image ${imageId} is listed under more than one ProgramId`);
      }
      const moves = its.filter((i) => i.Status !== undefined);
      if (new Set(moves.map((i) => `${i.Status}/${i.CurrentState}/${i.RejectReasonId}`)).size > 1) {
        throw new BadRequestException(`Image ${imageId} is given conflicting Status values`);
      }
      const image = await this.heldImage(user, its[0].ProgramId, imageId, true);
      const move = moves[0]
        ? {
            status: moves[0].Status!,
            currentState: moves[0].CurrentState,
            rejectReasonId: moves[0].RejectReasonId,
          }
        : undefined;
      if (move) await this.assertTransition(user, image, move);
      held.push({ image, items: its, move });
    }
    const existing = new Map(
      (await this.renditions.forImages([...byImage.keys()])).map((r) => [
        `${r.imageid}/${r.aspectratioid}`,
        r,
      ]),
    );
    const planned: PlannedRendition[] = [];
    for (const h of held) {
      h.suggested = await this.suggestions.resolve(h.image.id, h.items, h.image.suggestion_context);
      planned.push(...(await this.planner.plan(h.image, h.suggested.crops, existing)));
    }
    const transitions = new Map<number, UpdateStatusResult>();
    await this.uploadThen(planned, () =>
      this.writeEdit(user, planned, async (m) => {
        for (const h of held) {
          const imageId = Number(h.image.id);
          await this.renditions.audit(m, 'qa_edit', imageId, user.id, {
            aspectRatioIds: h.items.map((i) => i.AspectRatioId),
            suggestions: h.suggested?.outcomes ?? {},
          });
          if (h.move) {
            transitions.set(imageId, await this.imageService.applyTransition(m, user, [h.image], h.move));
          }
        }
      }),
    );
    // what was written, per image, in SaveCropedImages' shape
    const rows = await this.renditions.forImages([...byImage.keys()]);
    const data = held.map(({ image, items: its, suggested }): SaveCropsResult => {
      const imageId = Number(image.id);
      const ratios = new Set(its.map((i) => i.AspectRatioId));
      return {
        ImageId: imageId,
        Crops: rows
          .filter((r) => Number(r.imageid) === imageId && ratios.has(r.aspectratioid))
          .map((r) => toRenditionDto(r, this.config)),
        Transition: transitions.get(imageId),
        Warnings: suggested?.warnings ?? [],
      };
    });
    this.metrics.saved(planned.length, 'qa_edit');
    return new ApiResult(data, `Updated ${items.length} renditions of ${held.length} images`);
  }

  /**
   * Uploads every new rendition under a key of its own, then runs `write`, which re-checks the locks,
   * row-locks and returns the keys the rows pointed at (`replaced`) and upserts the rows in one
   * transaction. Only after that commit are the replaced objects removed; any failure before it removes
   * this call's new objects and leaves every row and earlier object as it was. A crash in between leaves
   * at most an orphaned object, never a row pointing at a missing one.
   */
  private async uploadThen<T extends { replaced: string[] }>(
    planned: PlannedRendition[],
    write: () => Promise<T>,
  ): Promise<T> {
    const created: string[] = [];
    let result: T;
    try {
      const uploads = await Promise.allSettled(
        planned
          .filter((p) => p.pixels)
          .map(async (p) => {
            created.push(p.write.storageKey);
            await this.storage.put(p.write.storageKey, p.pixels!, p.write.contentType);
          }),
      );
      const failed = uploads.find((u) => u.status === 'rejected');
      if (failed) throw failed.reason;
      result = await write();
    } catch (err) {
      await this.removeQuietly(created);
      if (err instanceof StorageUnavailableError) {
        throw new ServiceUnavailableException(
          'Storage is unavailable right now; nothing was saved, try again',
        );
      }
      throw err;
    }
    await this.removeQuietly(result.replaced);
    return result;
  }

  /** The transactional write of a QA edit: lock check, replaced keys, upsert, then `more` (audit, transition). */
  private writeEdit(
    user: AuthUser,
    planned: PlannedRendition[],
    more: (m: EntityManager) => Promise<void>,
  ): Promise<{ replaced: string[] }> {
    const imageIds = [...new Set(planned.map((p) => p.write.imageId))];
    return this.images.transaction(async (m) => {
      const still = await this.images.touch(imageIds, user.id, m);
      if (still.size !== imageIds.length) {
        throw new ConflictException('Your lock on these images expired or was released; nothing was saved');
      }
      const current = await this.renditions.lockKeys(
        m,
        planned.map((p) => p.write),
      );
      const replaced: string[] = [];
      for (const p of planned) {
        const now = current.get(`${p.write.imageId}/${p.write.aspectRatioId}`);
        // a metadata-only edit keeps the key it read; if the object changed since, say so rather than
        // point the row back at a removed object
        if (!p.pixels && now !== p.write.storageKey) {
          throw new ConflictException(
            `Rendition ${p.write.aspectRatioId} of image ${p.write.imageId} changed meanwhile; nothing was saved, try again`,
          );
        }
        if (p.pixels && now) replaced.push(now);
      }
      await this.renditions.upsert(
        m,
        planned.map((p): RenditionWrite => p.write),
        user.id,
      );
      await more(m);
      return { replaced };
    });
  }

  private async removeQuietly(keys: string[]): Promise<void> {
    for (const key of keys) {
      await this.storage.delete(key).catch((err: unknown) => {
        this.logger.warn({ err, key }, 'Could not delete a stored rendition');
      });
    }
  }

  /** QA opens a programme: lock its QA-stage images for the caller and return them with renditions. */
  async getCroppedInfo(
    user: AuthUser,
    programId: number,
    named: number,
    includeImageData: boolean,
  ): Promise<ApiResult<CroppedImageDto[]> | StreamableFile> {
    this.imageService.assertSelf(user, named);
    if ((await this.images.programImages(programId)).length === 0) {
      throw new NotFoundException(`Programme ${programId} has no images`);
    }
    const locked = await this.images.lockForQa(programId, user.id, this.config.workflow.lockTtlMinutes);
    this.metrics.claimed(locked, Stage.QA);
    const all = await this.images.programImages(programId);
    const mine = all.filter(
      (r) => r.status === Stage.QA && r.current_state === LockState.Locked && r.locked_by === user.id,
    );
    if (mine.length === 0) {
      throw new ConflictException(
        all.some((r) => r.status === Stage.QA)
          ? `Programme ${programId} is being reviewed by another user`
          : `Programme ${programId} has no images awaiting QA`,
      );
    }
    await this.images.touch(
      mine.map((r) => Number(r.id)),
      user.id,
    );
    const rows = await this.renditions.forImages(mine.map((r) => r.id));
    const extra = await this.suggestions.fieldsFor(mine.map((r) => r.id));
    const message = locked > 0 ? `Locked ${locked} images for review` : 'OK';
    const entries = mine.map((image) => ({
      image: {
        ...toImageDto(image, this.config),
        ...extra.get(String(image.id))!,
        ImageType: image.image_type ?? null,
        Language: image.language ?? null,
      },
      crops: rows
        .filter((r) => r.imageid === image.id)
        .map((r) => ({ dto: toRenditionDto(r, this.config), from: r })),
    }));
    if (!includeImageData) {
      return new ApiResult(
        entries.map((e) => ({ ...e.image, Crops: e.crops.map((c) => c.dto) })),
        message,
      );
    }
    // the bytes, base64, streamed one rendition after the other (a 25-image programme is ~15 MB of JSON);
    // the first one is read before the answer starts, so a storage failure there is a 502/503 as before
    const head = entries.find((e) => e.crops.length > 0)?.crops[0].from;
    const first = head ? await this.renditionBytes(head) : undefined;
    return new StreamableFile(
      croppedJson(message, entries, (r) => this.renditionBytes(r), first),
      {
        type: 'application/json; charset=utf-8',
      },
    );
  }

  private async renditionBytes(row: RenditionRow): Promise<Buffer> {
    try {
      return await this.storage.get(row.storage_key);
    } catch (err) {
      if (err instanceof StorageUnavailableError) {
        throw new ServiceUnavailableException('Storage is unavailable right now; try again');
      }
      throw new BadGatewayException(
        `The stored rendition ${row.aspect_ratio} of image ${row.imageid} is missing`,
      );
    }
  }

  async deleteCrop(
    user: AuthUser,
    programId: number,
    aspectRatioId: number,
    imageId: number,
  ): Promise<ApiResult<DeleteResult>> {
    await this.heldImage(user, programId, imageId);
    const key = await this.images.transaction(async (m) => {
      await this.images.touch([imageId], user.id, m);
      const gone = await this.renditions.deleteOne(m, programId, imageId, aspectRatioId);
      if (!gone)
        throw new NotFoundException(`Image ${imageId} has no rendition for aspect ratio ${aspectRatioId}`);
      await this.renditions.audit(m, 'delete_crop', imageId, user.id, { aspectRatioId, storageKey: gone });
      return gone;
    });
    // after the commit: nothing points at the object any more, so failing here leaves an orphan only
    await this.removeQuietly([key]);
    return new ApiResult({ Deleted: 1 }, `Deleted the rendition for aspect ratio ${aspectRatioId}`);
  }
}
