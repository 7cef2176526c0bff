import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { int32 } from '../common/api-docs.js';

export class RunLocalQuery {
  @ApiProperty({ example: '/srv/smartcrop/ingest/incoming', description: 'A folder under INGEST_ROOT' })
  @IsString()
  @IsNotEmpty({ message: 'is required' })
  @MaxLength(1024)
  folder_path!: string;
}

// ---------- responses (the shapes of IngestSummary and DownloadResult, for the description) ----------

export class RowErrorDto {
  @ApiProperty({ ...int32, example: 3, description: 'Spreadsheet row (1 is the header)' }) Row!: number;
  @ApiProperty({ example: 'ProgramId is not a number' }) Reason!: string;
}

export class FileOutcomeDto {
  @ApiProperty({ example: 'PressSite_20261201.xlsx' }) File!: string;
  @ApiProperty({ enum: ['ingested', 'duplicate', 'rejected', 'skipped'], example: 'ingested' })
  Outcome!: string;
  @ApiPropertyOptional({
    example: 'larger than the 52428800 byte limit',
    description: 'Why rejected or skipped',
  })
  Reason?: string;
  @ApiPropertyOptional({ ...int32, example: 1200 }) RowsInserted?: number;
  @ApiPropertyOptional({ ...int32, example: 1180 }) ImagesDerived?: number;
  @ApiPropertyOptional({ type: [RowErrorDto], description: 'The bad rows that rejected the file' })
  RowErrors?: RowErrorDto[];
  @ApiPropertyOptional({ type: [String], example: ['Row 7: EpisodeTitle is empty'] }) Warnings?: string[];
}

export class IngestSummaryDto {
  @ApiProperty({ ...int32, example: 3 }) FilesSeen!: number;
  @ApiProperty({ ...int32, example: 1 }) Ingested!: number;
  @ApiProperty({ ...int32, example: 1 }) Duplicates!: number;
  @ApiProperty({ ...int32, example: 1 }) Rejected!: number;
  @ApiProperty({ ...int32, example: 0 }) Skipped!: number;
  @ApiProperty({ ...int32, example: 1200 }) RowsInserted!: number;
  @ApiProperty({ ...int32, example: 1180 }) ImagesDerived!: number;
  @ApiProperty({ ...int32, example: 840 }) DurationMs!: number;
  @ApiProperty({ type: [FileOutcomeDto] }) Files!: FileOutcomeDto[];
}

export class DownloadResultDto {
  @ApiProperty({ enum: ['success', 'no_files'], example: 'success' }) status!: string;
  @ApiProperty({
    type: [String],
    example: ['PressSite_20261201.xlsx'],
    description: 'Files fetched into staging',
  })
  Files!: string[];
}
