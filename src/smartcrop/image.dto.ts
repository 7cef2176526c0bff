import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { IntField, IntQuery } from '../common/int.decorators.js';
import { OptionalIntQuery } from '../common/paging.dto.js';

/** A required positive integer in the query string, range-checked to its column. */
function RequiredIntQuery(description: string, column: 'int4' | 'bigint' = 'int4') {
  return IntQuery({ description, column });
}

const BOOL_STRINGS = ['true', 'false', '1', '0'];

// ---------- queries ----------

export class GetImageInfoQuery {
  @ApiProperty({ description: 'Provider whose queue to claim from', example: 'PressSite' })
  @IsString()
  @IsNotEmpty({ message: 'is required' })
  @MaxLength(200)
  providerName!: string;

  @RequiredIntQuery("The caller's own user id (another user's id is 403)")
  user!: number;
}

export class GetCroppedImageInfoQuery {
  @RequiredIntQuery('Programme whose QA-stage images to open', 'bigint')
  programId!: number;

  @RequiredIntQuery("The caller's own user id (another user's id is 403)")
  user!: number;

  @ApiPropertyOptional({
    description: "Include each rendition's bytes as base64 ImageData (default true)",
    enum: ['true', 'false'],
  })
  @IsOptional()
  @IsIn(BOOL_STRINGS, { message: 'must be true or false' })
  includeImageData?: string;
}

export class DeleteCroppedImageInfoQuery {
  @RequiredIntQuery('Programme of the rendition', 'bigint')
  programId!: number;

  @RequiredIntQuery('AspectRatioId of the rendition')
  id!: number;

  @RequiredIntQuery('ImageId of the rendition', 'bigint')
  imageid!: number;
}

export class UpdateStatusQuery {
  @RequiredIntQuery('Programme whose images (locked by the caller) change stage', 'bigint')
  programId!: number;

  @ApiProperty({
    description:
      'New Status: 2 operator done, 3 QA approve, 1 QA send back (needs rejectReasonId), 4 reject (needs rejectReasonId). ' +
      'The current Status with currentState=0 releases the images.',
    enum: [1, 2, 3, 4],
  })
  @Type(() => Number)
  @IsInt({ message: 'must be an integer' })
  @IsIn([1, 2, 3, 4], { message: 'must be 1, 2, 3 or 4 (5, Exported, is set by the batch export only)' })
  status!: number;

  @ApiPropertyOptional({ enum: [0, 1], description: '0 with the current Status releases the lock' })
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
  @ApiProperty({ example: 0 }) @IntField({ min: 0 }) X!: number;
  @ApiProperty({ example: 0 }) @IntField({ min: 0 }) Y!: number;
  @ApiProperty({ example: 1920 }) @IntField() Width!: number;
  @ApiProperty({ example: 1080 }) @IntField() Height!: number;

  @ApiPropertyOptional({
    description: 'Base64 JPEG/PNG/WebP of the crop (a data: URL prefix is allowed); absent = cut server-side',
  })
  @IsOptional()
  @IsString()
  ImageData?: string;

  @ApiPropertyOptional() @IntField({ optional: true }) ImageTypeId?: number;
  @ApiPropertyOptional() @IntField({ optional: true }) LanguageId?: number;
}

export class CropDto extends CropRectangle {}

export class SaveCropedImagesDto {
  @ApiProperty({ example: 1001 }) @IntField({ column: 'bigint' }) ProgramId!: number;
  @ApiProperty({ example: 1 }) @IntField({ column: 'bigint' }) ImageId!: number;

  @ApiProperty({ type: [CropDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => CropDto)
  Crops!: CropDto[];

  @ApiPropertyOptional({
    enum: [1, 2, 3, 4],
    description: 'Optional transition after saving (as UpdateStatus)',
  })
  @IsOptional()
  @IsIn([1, 2, 3, 4])
  Status?: number;

  @ApiPropertyOptional({ enum: [0, 1] }) @IsOptional() @IsIn([0, 1]) CurrentState?: number;
  @ApiPropertyOptional() @IntField({ optional: true }) RejectReasonId?: number;
}

export class UpdateCroppedImageInfoItem extends CropRectangle {
  @ApiProperty({ example: 1001 }) @IntField({ column: 'bigint' }) ProgramId!: number;
  @ApiProperty({ example: 1 }) @IntField({ column: 'bigint' }) ImageId!: number;
  @ApiPropertyOptional({ enum: [1, 2, 3, 4] }) @IsOptional() @IsIn([1, 2, 3, 4]) Status?: number;
  @ApiPropertyOptional({ enum: [0, 1] }) @IsOptional() @IsIn([0, 1]) CurrentState?: number;
  @ApiPropertyOptional() @IntField({ optional: true }) RejectReasonId?: number;
}

// ---------- responses ----------

export class ProgramImageDto {
  @ApiProperty() ImageId!: number;
  @ApiProperty() ProgramId!: number;
  @ApiProperty() ProviderName!: string;
  @ApiProperty() ProgramTitle!: string;
  @ApiProperty({ nullable: true }) EpisodeTitle!: string | null;
  @ApiProperty({ description: 'Source image, CDN-rewritten' }) ImageUrl!: string;
  @ApiProperty({ nullable: true }) ImageTypeId!: number | null;
  @ApiProperty({ nullable: true }) LanguageId!: number | null;
  @ApiProperty({ nullable: true }) Width!: number | null;
  @ApiProperty({ nullable: true }) Height!: number | null;
  @ApiProperty() Status!: number;
  @ApiProperty() CurrentState!: number;
  @ApiProperty({ nullable: true }) LockedBy!: number | null;
  @ApiProperty({ nullable: true }) LockedAt!: string | null;
  @ApiProperty({ nullable: true, description: 'When the lock expires without further activity' })
  LockExpiresAt!: string | null;
  @ApiProperty({ nullable: true, description: 'Why QA sent it back or rejected it' })
  RejectReasonId!: number | null;
  @ApiProperty({ nullable: true }) RejectReason!: string | null;
  @ApiProperty({ nullable: true }) CroppedBy!: number | null;
  @ApiProperty() CreatedAt!: string;
}

export class RenditionDto {
  @ApiProperty() AspectRatioId!: number;
  @ApiProperty() AspectRatio!: string;
  @ApiProperty() X!: number;
  @ApiProperty() Y!: number;
  @ApiProperty() Width!: number;
  @ApiProperty() Height!: number;
  @ApiProperty({ nullable: true }) OutputWidth!: number | null;
  @ApiProperty({ nullable: true }) OutputHeight!: number | null;
  @ApiProperty({ nullable: true }) ImageTypeId!: number | null;
  @ApiProperty({ nullable: true }) ImageType!: string | null;
  @ApiProperty({ nullable: true }) LanguageId!: number | null;
  @ApiProperty({ nullable: true }) Language!: string | null;
  @ApiProperty() StorageKey!: string;
  @ApiProperty() Url!: string;
  @ApiProperty() ContentType!: string;
  @ApiProperty() ByteSize!: number;
  @ApiPropertyOptional({ description: 'Base64 bytes (left out with includeImageData=false)' })
  ImageData?: string;
}

export class CroppedImageDto extends ProgramImageDto {
  @ApiProperty({ nullable: true }) ImageType!: string | null;
  @ApiProperty({ nullable: true }) Language!: string | null;
  @ApiProperty({ type: [RenditionDto] }) Crops!: RenditionDto[];
}

export class UpdateStatusResult {
  @ApiProperty({ description: 'Rows changed' }) RowsChanged!: number;
  @ApiProperty({ description: 'Their new Status' }) Status!: number;
  @ApiProperty({ description: 'Their new CurrentState' }) CurrentState!: number;
}

export class SaveCropsResult {
  @ApiProperty() ImageId!: number;
  @ApiProperty({ type: [RenditionDto] }) Crops!: RenditionDto[];
  @ApiPropertyOptional({ type: UpdateStatusResult }) Transition?: UpdateStatusResult;
}

export class ReleaseResult {
  @ApiProperty() UserId!: number;
  @ApiProperty({ description: 'Images released' }) Released!: number;
}

export class DeleteResult {
  @ApiProperty() Deleted!: number;
}
