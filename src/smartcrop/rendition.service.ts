import {
  BadGatewayException,
  BadRequestException,
  ConflictException,
  Inject,
  Injectable,
  Logger,
  NotFoundException,
  ServiceUnavailableException,
} from '@nestjs/common';
import type { AuthUser } from '../common/auth.decorators.js';
import { ApiResult } from '../common/response.js';
import type { AppConfig } from '../config/config.js';
import { APP_CONFIG } from '../config/config.module.js';
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
import { ImageRepository } from './image.repository.js';
import { ImageService } from './image.service.js';
import { RenditionPlanner, type PlannedRendition } from './rendition.planner.js';
import { RenditionRepository, type RenditionWrite } from './rendition.repository.js';
import { assertStageRole } from './transition.rules.js';

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
  ) {}

  /** 404 unknown image, 403 wrong stage for the role, 409 not locked by the caller. */
  private async heldImage(user: AuthUser, programId: number, imageId: number): Promise<ImageRow> {
    const image = await this.imageService.findImage(programId, imageId);
    assertStageRole(user.role, image.status);
    if (image.current_state !== 1 || image.locked_by !== user.id) {
      throw new ConflictException(
        image.current_state === 1
          ? `Image ${imageId} is locked by another user`
          : `Image ${imageId} is not locked by you; claim it first`,
      );
    }
    return image;
  }

  async saveCrops(user: AuthUser, dto: SaveCropedImagesDto): Promise<ApiResult<SaveCropsResult>> {
    const image = await this.heldImage(user, dto.ProgramId, dto.ImageId);
    const planned = await this.planner.plan(
      image,
      dto.Crops.map((c) => ({ ...c, ProgramId: dto.ProgramId, ImageId: dto.ImageId })),
      new Map(),
    );
    let transition: UpdateStatusResult | undefined;
    await this.uploadThenWrite(user, planned, async (m) => {
      await this.renditions.audit(m, 'save_crops', dto.ImageId, user.id, {
        aspectRatioIds: dto.Crops.map((c) => c.AspectRatioId),
      });
      if (dto.Status !== undefined) {
        transition = await this.imageService.applyTransition(m, user, [image], {
          status: dto.Status,
          currentState: dto.CurrentState,
          rejectReasonId: dto.RejectReasonId,
        });
      }
    });
    this.metrics.saved(planned.length);
    const rows = await this.renditions.forImages([dto.ImageId]);
    return new ApiResult(
      {
        ImageId: dto.ImageId,
        Crops: rows.map((r) => toRenditionDto(r, this.config)),
        Transition: transition,
      },
      `Saved ${planned.length} renditions of image ${dto.ImageId}`,
    );
  }

  async updateCroppedInfo(
    user: AuthUser,
    items: UpdateCroppedImageInfoItem[],
  ): Promise<ApiResult<UpdateStatusResult[]>> {
    if (items.length === 0) throw new BadRequestException('Send at least one rendition');
    const byImage = new Map<number, UpdateCroppedImageInfoItem[]>();
    for (const it of items) byImage.set(it.ImageId, [...(byImage.get(it.ImageId) ?? []), it]);
    const held: ImageRow[] = [];
    for (const [imageId, its] of byImage) {
      if (new Set(its.map((i) => i.ProgramId)).size > 1) {
        throw new BadRequestException(`Image ${imageId} is listed under more than one ProgramId`);
      }
      const moves = its.filter((i) => i.Status !== undefined);
      if (new Set(moves.map((i) => `${i.Status}/${i.CurrentState}/${i.RejectReasonId}`)).size > 1) {
        throw new BadRequestException(`Image ${imageId} is given conflicting Status values`);
      }
      held.push(await this.heldImage(user, its[0].ProgramId, imageId));
    }
    const existing = new Map(
      (await this.renditions.forImages([...byImage.keys()])).map((r) => [
        `${r.imageid}/${r.aspectratioid}`,
        r,
      ]),
    );
    const planned: PlannedRendition[] = [];
    for (const image of held)
      planned.push(...(await this.planner.plan(image, byImage.get(Number(image.id))!, existing)));
    const results: UpdateStatusResult[] = [];
    await this.uploadThenWrite(user, planned, async (m) => {
      for (const image of held) {
        const its = byImage.get(Number(image.id))!;
        await this.renditions.audit(m, 'qa_edit', Number(image.id), user.id, {
          aspectRatioIds: its.map((i) => i.AspectRatioId),
        });
        const { Status, CurrentState, RejectReasonId } = its.find((i) => i.Status !== undefined) ?? its[0];
        if (Status !== undefined) {
          results.push(
            await this.imageService.applyTransition(m, user, [image], {
              status: Status,
              currentState: CurrentState,
              rejectReasonId: RejectReasonId,
            }),
          );
        }
      }
    });
    this.metrics.saved(planned.length, 'qa_edit');
    return new ApiResult(results, `Updated ${items.length} renditions of ${held.length} images`);
  }

  /**
   * Uploads every new rendition, then in one transaction re-checks the locks, upserts the rows and runs
   * `more` (audit, transition). Any failure deletes the objects this call created and changes no row.
   */
  private async uploadThenWrite(
    user: AuthUser,
    planned: PlannedRendition[],
    more: (m: import('typeorm').EntityManager) => Promise<void>,
  ): Promise<void> {
    const created: string[] = [];
    try {
      const uploads = await Promise.allSettled(
        planned
          .filter((p) => p.pixels)
          .map(async (p) => {
            await this.storage.put(p.write.storageKey, p.pixels!, p.write.contentType);
            if (!p.replacesKey) created.push(p.write.storageKey);
          }),
      );
      const failed = uploads.find((u) => u.status === 'rejected');
      if (failed) throw failed.reason;
      const imageIds = [...new Set(planned.map((p) => p.write.imageId))];
      await this.images.transaction(async (m) => {
        const still = await this.images.touch(imageIds, user.id, m);
        if (still.size !== imageIds.length) {
          throw new ConflictException('Your lock on these images expired or was released; nothing was saved');
        }
        await this.renditions.upsert(
          m,
          planned.map((p): RenditionWrite => p.write),
          user.id,
        );
        await more(m);
      });
    } catch (err) {
      await this.removeQuietly(created);
      if (err instanceof StorageUnavailableError) {
        throw new ServiceUnavailableException(
          'Storage is unavailable right now; nothing was saved, try again',
        );
      }
      throw err;
    }
    // a rendition saved in another format leaves its old object behind: remove it now the row points elsewhere
    await this.removeQuietly(planned.flatMap((p) => (p.staleKey ? [p.staleKey] : [])));
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
  ): Promise<ApiResult<CroppedImageDto[]>> {
    this.imageService.assertSelf(user, named);
    if ((await this.images.programImages(programId)).length === 0) {
      throw new NotFoundException(`Programme ${programId} has no images`);
    }
    const locked = await this.images.lockForQa(programId, user.id, this.config.workflow.lockTtlMinutes);
    this.metrics.claimed(locked, 2);
    const all = await this.images.programImages(programId);
    const mine = all.filter((r) => r.status === 2 && r.current_state === 1 && r.locked_by === user.id);
    if (mine.length === 0) {
      throw new ConflictException(
        all.some((r) => r.status === 2)
          ? `Programme ${programId} is being reviewed by another user`
          : `Programme ${programId} has no images awaiting QA`,
      );
    }
    await this.images.touch(
      mine.map((r) => Number(r.id)),
      user.id,
    );
    const rows = await this.renditions.forImages(mine.map((r) => r.id));
    const data = await Promise.all(
      mine.map(async (image) => ({
        ...toImageDto(image, this.config),
        ImageType: image.image_type ?? null,
        Language: image.language ?? null,
        Crops: await Promise.all(
          rows.filter((r) => r.imageid === image.id).map((r) => this.withBytes(r, includeImageData)),
        ),
      })),
    );
    return new ApiResult(data, locked > 0 ? `Locked ${locked} images for review` : 'OK');
  }

  private async withBytes(row: RenditionRow, include: boolean) {
    const dto = toRenditionDto(row, this.config);
    if (!include) return dto;
    try {
      return { ...dto, ImageData: (await this.storage.get(row.storage_key)).toString('base64') };
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
    await this.images.transaction(async (m) => {
      await this.images.touch([imageId], user.id, m);
      const key = await this.renditions.deleteOne(m, programId, imageId, aspectRatioId);
      if (!key)
        throw new NotFoundException(`Image ${imageId} has no rendition for aspect ratio ${aspectRatioId}`);
      await this.renditions.audit(m, 'delete_crop', imageId, user.id, { aspectRatioId, storageKey: key });
      // inside the transaction: if storage refuses, the row stays and the answer says so
      try {
        await this.storage.delete(key);
      } catch {
        throw new ServiceUnavailableException(
          'Storage is unavailable right now; nothing was deleted, try again',
        );
      }
    });
    return new ApiResult({ Deleted: 1 }, `Deleted the rendition for aspect ratio ${aspectRatioId}`);
  }
}
