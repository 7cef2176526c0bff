import { ApiProperty } from '@nestjs/swagger';
import { int32, int64 } from '../../common/api-docs.js';
import { IntQuery } from '../../common/int.decorators.js';

export class SuggestedCropDto {
  @ApiProperty({ ...int32, example: 1 }) AspectRatioId!: number;
  @ApiProperty({ ...int32, example: 240 }) X!: number;
  @ApiProperty({ ...int32, example: 0 }) Y!: number;
  @ApiProperty({ ...int32, example: 1440 }) Width!: number;
  @ApiProperty({ ...int32, example: 1080 }) Height!: number;
  @ApiProperty({
    type: Number,
    format: 'double',
    minimum: 0,
    maximum: 1,
    example: 0.87,
    description: 'How sure the engine is, 0–1',
  })
  Score!: number;
  @ApiProperty({
    enum: ['face', 'saliency', 'centre', 'full'],
    example: 'face',
    description:
      'face: faces kept whole; saliency: the main subject; centre: nothing stood out; full: the whole image',
  })
  Method!: string;
}

export class AnalysisDto {
  @ApiProperty({ enum: ['pending', 'done', 'failed'], example: 'done' }) State!:
    'pending' | 'done' | 'failed';
  @ApiProperty({
    type: String,
    nullable: true,
    example: null,
    description: 'Why it failed (unreachable, not-an-image, too-large, refused) or why it is being retried',
  })
  Reason!: string | null;
  @ApiProperty({ ...int32, nullable: true, example: 1920 }) SourceWidth!: number | null;
  @ApiProperty({ ...int32, nullable: true, example: 1080 }) SourceHeight!: number | null;
}

export class CropWarningDto {
  @ApiProperty({ ...int32, example: 4 }) AspectRatioId!: number;
  @ApiProperty({ enum: ['BelowMinimum'], example: 'BelowMinimum' }) Code!: string;
  @ApiProperty({
    example: 'The largest 2:3 crop of this 1280x720 source is 480x720, below the minimum 720x1080',
  })
  Message!: string;
}

/** What GetImageInfo and GetCroppedImageInfo items gain (additive fields). */
export class SuggestionFields {
  @ApiProperty({
    type: [SuggestedCropDto],
    description: 'One per aspect ratio; empty while the analysis is pending',
  })
  SuggestedCrops!: SuggestedCropDto[];
  @ApiProperty({ type: AnalysisDto }) Analysis!: AnalysisDto;
  @ApiProperty({ type: [CropWarningDto] }) Warnings!: CropWarningDto[];
}

export class CropSuggestionsDto extends SuggestionFields {
  @ApiProperty({ ...int64, example: 42 }) ImageId!: number;
}

export class GetCropSuggestionsQuery {
  @IntQuery({ description: 'The image whose suggested crops to return', column: 'bigint', example: 42 })
  imageId!: number;
}
