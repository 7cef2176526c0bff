import type { AppConfig } from '../config/config.js';
import { rewriteCdnUrl } from '../infra/storage/cdn.js';
import type { ProgramImageDto, RenditionDto } from './image.dto.js';
import { LockState } from './stage.js';
import type { SuggestionContext } from './suggest/analysis.repository.js';

/** A program-image row as the repository selects it (see IMAGE_COLUMNS). */
export interface ImageRow {
  id: string;
  link_object_id: string;
  provider_name: string;
  program_title: string;
  episode_title: string | null;
  image_url: string;
  image_type_id: number | null;
  language_id: number | null;
  width: number | null;
  height: number | null;
  status: number;
  current_state: number;
  locked_by: number | null;
  locked_at: Date | null;
  last_activity_at: Date | null;
  reject_reason_id: number | null;
  reject_reason: string | null;
  cropped_by: number | null;
  created_at: Date;
  image_type?: string | null;
  language?: string | null;
  /** Read only by the save path (ImageRepository.programImages with suggestions). */
  suggestion_context?: SuggestionContext;
}

export interface RenditionRow {
  imageid: string;
  aspectratioid: number;
  aspect_ratio: string;
  x: number;
  y: number;
  width: number;
  height: number;
  output_width: number | null;
  output_height: number | null;
  image_type_id: number | null;
  image_type: string | null;
  language_id: number | null;
  language: string | null;
  storage_key: string;
  public_url: string;
  content_type: string;
  byte_size: number;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** An image item before its suggestion fields are added (SuggestionService.fieldsFor). */
export type BaseImageDto = Omit<ProgramImageDto, 'SuggestedCrops' | 'Analysis' | 'Warnings'>;

export function toImageDto(row: ImageRow, config: AppConfig): BaseImageDto {
  const expires =
    row.current_state === LockState.Locked && row.last_activity_at
      ? new Date(row.last_activity_at.getTime() + config.workflow.lockTtlMinutes * 60_000)
      : null;
  return {
    ImageId: Number(row.id),
    ProgramId: Number(row.link_object_id),
    ProviderName: row.provider_name,
    ProgramTitle: row.program_title,
    EpisodeTitle: row.episode_title,
    ImageUrl: rewriteCdnUrl(row.image_url, config.cdn),
    ImageTypeId: row.image_type_id,
    LanguageId: row.language_id,
    Width: row.width,
    Height: row.height,
    Status: row.status,
    CurrentState: row.current_state,
    LockedBy: row.locked_by,
    LockedAt: iso(row.locked_at),
    LockExpiresAt: iso(expires),
    RejectReasonId: row.reject_reason_id,
    RejectReason: row.reject_reason,
    CroppedBy: row.cropped_by,
    CreatedAt: row.created_at.toISOString(),
  };
}

export function toRenditionDto(row: RenditionRow, config: AppConfig): RenditionDto {
  return {
    AspectRatioId: row.aspectratioid,
    AspectRatio: row.aspect_ratio,
    X: row.x,
    Y: row.y,
    Width: row.width,
    Height: row.height,
    OutputWidth: row.output_width,
    OutputHeight: row.output_height,
    ImageTypeId: row.image_type_id,
    ImageType: row.image_type,
    LanguageId: row.language_id,
    Language: row.language,
    StorageKey: row.storage_key,
    Url: rewriteCdnUrl(row.public_url, config.cdn),
    ContentType: row.content_type,
    ByteSize: row.byte_size,
  };
}
