import { ApiProperty } from '@nestjs/swagger';
import { int32 } from '../../common/api-docs.js';

export class SuggestionAcceptanceRowDto {
  @ApiProperty({ example: 'PressSite' }) ProviderName!: string;
  @ApiProperty({ ...int32, example: 1 }) AspectRatioId!: number;
  @ApiProperty({ example: '16:9' }) AspectRatio!: string;
  @ApiProperty({ ...int32, example: 120, description: 'Renditions saved (Operator saves and QA edits)' })
  Saved!: number;
  @ApiProperty({ ...int32, example: 90, description: 'Saved exactly as suggested' }) Equal!: number;
  @ApiProperty({ ...int32, example: 20, description: 'The suggestion moved or resized (IoU ≥ 0.5)' })
  Moved!: number;
  @ApiProperty({ ...int32, example: 6, description: 'Something else drawn (IoU < 0.5)' }) Replaced!: number;
  @ApiProperty({ ...int32, example: 4, description: 'Saved while there was no suggestion' })
  NoSuggestion!: number;
  @ApiProperty({ ...int32, example: 12, description: 'Renditions cut by auto-crop' }) AutoCropped!: number;
  @ApiProperty({
    type: Number,
    format: 'double',
    nullable: true,
    example: 0.776,
    description: 'Equal / (Equal + Moved + Replaced); null when nothing was saved against a suggestion',
  })
  AcceptanceRate!: number | null;
}
