import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  MaxLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { dateTime, int32, int64 } from '../common/api-docs.js';
import { IntField, IntQuery } from '../common/int.decorators.js';
import { OptionalIntQuery } from '../common/paging.dto.js';
import { AnalysisDto, CropWarningDto, SuggestedCropDto } from './suggest/suggestion.dto.js';

/** Rectangle fields are required unless the crop asks for the suggestion instead. */
const unlessSuggested = ValidateIf((o: { UseSuggestion?: boolean }) => o.UseSuggestion !== true);

/** A required positive integer in the query string, range-checked to its column. */
function RequiredIntQuery(description: string, column: 'int4' | 'bigint' = 'int4', example?: number) {
  return IntQuery({ description, column, example });
}

const BOOL_STRINGS = ['true', 'false', '1', '0'];

// ---------- queries ----------

export class GetImageInfoQuery {
  @ApiProperty({ description: 'Provider whose queue to claim from', example: 'PressSite' })
  @IsString()
  @IsNotEmpty({ message: 'is required' })
  @MaxLength(200)
  providerName!: string;

  @RequiredIntQuery("The caller's own user id (another user's id is 403)", 'int4', 7)
  user!: number;
}

export class GetCroppedImageInfoQuery {
  @RequiredIntQuery('Programme whose QA-stage images to open', 'bigint', 1001)
  programId!: number;

  @RequiredIntQuery("The caller's own user id (another user's id is 403)", 'int4', 7)
  user!: number;

  @ApiPropertyOptional({
    // a boolean as the query string carries one ("true"/"false"), so generated clients send a boolean
    type: Boolean,
    description: "Include each rendition's bytes as base64 ImageData (default true)",
    example: false,
  })
  @IsOptional()
  @IsIn(BOOL_STRINGS, { message: 'must be true or false' })
  includeImageData?: string;
}

export class DeleteCroppedImageInfoQuery {
  @RequiredIntQuery('Programme of the rendition', 'bigint', 1001)
  programId!: number;

  @RequiredIntQuery('AspectRatioId of the rendition')
  id!: number;

  @RequiredIntQuery('ImageId of the rendition', 'bigint', 42)
  imageid!: number;
}

export class UpdateStatusQuery {
  @RequiredIntQuery('Programme whose images (locked by the caller) change stage', 'bigint', 1001)
  programId!: number;

  @ApiProperty({
    description:
      'New Status: 2 operator done, 3 QA approve, 1 QA send back (needs rejectReasonId), 4 reject (needs rejectReasonId). ' +
      'The current Status with currentState=0 releases the images.',
    ...int32,
    enum: [1, 2, 3, 4],
    example: 2,
  })
  @Type(() => Number)
  @IsInt({ message: 'must be an integer' })
  @IsIn([1, 2, 3, 4], { message: 'must be 1, 2, 3 or 4 (5, Exported, is set by the batch export only)' })
  status!: number;

  @ApiPropertyOptional({
    ...int32,
    enum: [0, 1],
    example: 0,
    description: '0 with the current Status releases the lock',
  })
  @IsOptional()
  @Type(() => Number)
  @IsIn([0, 1], { message: 'must be 0 or 1' })
  currentState?: number;

  @OptionalIntQuery({ description: 'Reject reason (required for send back and reject)' })
  rejectReasonId?: number;

  @OptionalIntQuery({ description: 'Same as rejectReasonId (legacy spelling)' })
  RejectReasonId?: number;
}

export class UpdateUserLockStatusQuery {
  @RequiredIntQuery('User whose locks to release (yourself; Admin may name anyone)')
  userId!: number;
}

// ---------- bodies ----------

class CropRectangle {
  @ApiProperty({ example: 1 }) @IntField() AspectRatioId!: number;
  @ApiProperty({ example: 0, required: false, description: 'Required unless UseSuggestion' })
  @unlessSuggested
  @IntField({ min: 0 })
  X!: number;
  @ApiProperty({ example: 0, required: false, description: 'Required unless UseSuggestion' })
  @unlessSuggested
  @IntField({ min: 0 })
  Y!: number;
  @ApiProperty({ example: 1920, required: false, description: 'Required unless UseSuggestion' })
  @unlessSuggested
  @IntField()
  Width!: number;
  @ApiProperty({ example: 1080, required: false, description: 'Required unless UseSuggestion' })
  @unlessSuggested
  @IntField()
  Height!: number;

  @ApiPropertyOptional({
    example: false,
    description:
      "true: cut this rendition server-side from the image's suggested crop for the ratio (X, Y, Width, Height and ImageData are then left out, and a multipart save sends no file part for it)",
  })
  @IsOptional()
  @IsBoolean()
  UseSuggestion?: boolean;

  @ApiPropertyOptional({
    example: '/9j/4AAQSkZJRgABAQ==',
    description: 'Base64 JPEG/PNG/WebP of the crop (a data: URL prefix is allowed); absent = cut server-side',
  })
  @IsOptional()
  @IsString()
  ImageData?: string;

  @ApiPropertyOptional({ example: 1 }) @IntField({ optional: true }) ImageTypeId?: number;
  @ApiPropertyOptional({ example: 1 }) @IntField({ optional: true }) LanguageId?: number;
}

export class CropDto extends CropRectangle {}

export class SaveCropedImagesDto {
  @ApiProperty({ example: 1001 }) @IntField({ column: 'bigint' }) ProgramId!: number;
  @ApiProperty({ example: 42 }) @IntField({ column: 'bigint' }) ImageId!: number;

  @ApiProperty({ type: [CropDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => CropDto)
  Crops!: CropDto[];

  @ApiPropertyOptional({
    ...int32,
    enum: [1, 2, 3, 4],
    example: 2,
    description: 'Optional transition after saving (as UpdateStatus)',
  })
  @IsOptional()
  @IsIn([1, 2, 3, 4])
  Status?: number;

  @ApiPropertyOptional({ ...int32, enum: [0, 1], example: 0 })
  @IsOptional()
  @IsIn([0, 1])
  CurrentState?: number;
  @ApiPropertyOptional({ example: 1 }) @IntField({ optional: true }) RejectReasonId?: number;
}

export class UpdateCroppedImageInfoItem extends CropRectangle {
  @ApiProperty({ example: 1001 }) @IntField({ column: 'bigint' }) ProgramId!: number;
  @ApiProperty({ example: 42 }) @IntField({ column: 'bigint' }) ImageId!: number;
  @ApiPropertyOptional({ ...int32, enum: [1, 2, 3, 4], example: 3 })
  @IsOptional()
  @IsIn([1, 2, 3, 4])
  Status?: number;
  @ApiPropertyOptional({ ...int32, enum: [0, 1], example: 0 })
  @IsOptional()
  @IsIn([0, 1])
  CurrentState?: number;
  @ApiPropertyOptional({ example: 1 }) @IntField({ optional: true }) RejectReasonId?: number;
}

// ---------- responses ----------

export class ProgramImageDto {
  @ApiProperty({ ...int64, example: 42 }) ImageId!: number;
  @ApiProperty({ ...int64, example: 1001 }) ProgramId!: number;
  @ApiProperty({ example: 'PressSite' }) ProviderName!: string;
  @ApiProperty({ example: 'The Late Show' }) ProgramTitle!: string;
  @ApiProperty({ type: String, nullable: true, example: 'Episode 12' }) EpisodeTitle!: string | null;
  @ApiProperty({ description: 'Source image, CDN-rewritten', example: 'https://cdn.example.com/img/42.jpg' })
  ImageUrl!: string;
  @ApiProperty({ ...int32, nullable: true, example: 1 }) ImageTypeId!: number | null;
  @ApiProperty({ ...int32, nullable: true, example: 1 }) LanguageId!: number | null;
  @ApiProperty({ ...int32, nullable: true, example: 1920 }) Width!: number | null;
  @ApiProperty({ ...int32, nullable: true, example: 1080 }) Height!: number | null;
  @ApiProperty({ ...int32, enum: [1, 2, 3, 4, 5], example: 1 }) Status!: number;
  @ApiProperty({ ...int32, enum: [0, 1], example: 1, description: '1 while locked' }) CurrentState!: number;
  @ApiProperty({ ...int32, nullable: true, example: 7 }) LockedBy!: number | null;
  @ApiProperty({ ...dateTime, nullable: true, example: '2026-12-01T09:12:00.000Z' }) LockedAt!: string | null;
  @ApiProperty({
    ...dateTime,
    nullable: true,
    example: '2026-12-01T09:42:00.000Z',
    description: 'When the lock expires without further activity',
  })
  LockExpiresAt!: string | null;
  @ApiProperty({ ...int32, nullable: true, example: null, description: 'Why QA sent it back or rejected it' })
  RejectReasonId!: number | null;
  @ApiProperty({ type: String, nullable: true, example: null }) RejectReason!: string | null;
  @ApiProperty({ ...int32, nullable: true, example: null }) CroppedBy!: number | null;
  @ApiProperty({ ...dateTime, example: '2026-11-30T22:00:00.000Z' }) CreatedAt!: string;
  @ApiProperty({
    type: [SuggestedCropDto],
    description: 'One per aspect ratio; empty while the analysis is pending',
  })
  SuggestedCrops!: SuggestedCropDto[];
  @ApiProperty({ type: AnalysisDto }) Analysis!: AnalysisDto;
  @ApiProperty({
    type: [CropWarningDto],
    description: 'BelowMinimum per aspect ratio the source cannot fill',
  })
  Warnings!: CropWarningDto[];
}

export class RenditionDto {
  @ApiProperty({ ...int32, example: 1 }) AspectRatioId!: number;
  @ApiProperty({ example: '16:9' }) AspectRatio!: string;
  @ApiProperty({ ...int32, example: 0 }) X!: number;
  @ApiProperty({ ...int32, example: 0 }) Y!: number;
  @ApiProperty({ ...int32, example: 1920 }) Width!: number;
  @ApiProperty({ ...int32, example: 1080 }) Height!: number;
  @ApiProperty({ ...int32, nullable: true, example: 1920 }) OutputWidth!: number | null;
  @ApiProperty({ ...int32, nullable: true, example: 1080 }) OutputHeight!: number | null;
  @ApiProperty({ ...int32, nullable: true, example: 1 }) ImageTypeId!: number | null;
  @ApiProperty({ type: String, nullable: true, example: 'Poster' }) ImageType!: string | null;
  @ApiProperty({ ...int32, nullable: true, example: 1 }) LanguageId!: number | null;
  @ApiProperty({ type: String, nullable: true, example: 'English' }) Language!: string | null;
  @ApiProperty({ example: 'renditions/42/1.jpg' }) StorageKey!: string;
  @ApiProperty({ example: 'https://cdn.example.com/files/renditions/42/1.jpg' }) Url!: string;
  @ApiProperty({ example: 'image/jpeg' }) ContentType!: string;
  @ApiProperty({ ...int32, example: 183_204 }) ByteSize!: number;
  @ApiPropertyOptional({
    format: 'byte',
    example: '/9j/4AAQSkZJRgABAQ==',
    description: 'Base64 bytes (left out with includeImageData=false)',
  })
  ImageData?: string;
}

export class CroppedImageDto extends ProgramImageDto {
  @ApiProperty({ type: String, nullable: true, example: 'Poster' }) ImageType!: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'English' }) Language!: string | null;
  @ApiProperty({ type: [RenditionDto] }) Crops!: RenditionDto[];
}

export class UpdateStatusResult {
  @ApiProperty({ ...int32, example: 3, description: 'Rows changed' }) RowsChanged!: number;
  @ApiProperty({ ...int32, example: 2, description: 'Their new Status' }) Status!: number;
  @ApiProperty({ ...int32, example: 0, description: 'Their new CurrentState' }) CurrentState!: number;
}

export class SaveCropsResult {
  @ApiProperty({ ...int64, example: 42 }) ImageId!: number;
  @ApiProperty({ type: [RenditionDto] }) Crops!: RenditionDto[];
  @ApiPropertyOptional({ type: UpdateStatusResult, description: 'Present when Status was sent' })
  Transition?: UpdateStatusResult;
  @ApiProperty({ type: [CropWarningDto], description: 'Renditions saved below their aspect ratio minimum' })
  Warnings!: CropWarningDto[];
}

export class ReleaseResult {
  @ApiProperty({ ...int32, example: 7 }) UserId!: number;
  @ApiProperty({ ...int32, example: 2, description: 'Images released' }) Released!: number;
}

export class DeleteResult {
  @ApiProperty({ ...int32, example: 1 }) Deleted!: number;
}
