import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiProperty, ApiOperation, ApiTags } from '@nestjs/swagger';
import { IsBoolean, IsInt, IsNotEmpty, IsNumber, IsString, Max, MaxLength, Min } from 'class-validator';
import { ApiEnvelope, ApiEnvelopeArray, dateTime, int32 } from '../../common/api-docs.js';
import { CurrentUser, type AuthUser } from '../../common/auth.decorators.js';
import type { AutoCropSetting } from './autocrop.repository.js';
import { AutoCropService } from './autocrop.service.js';

export class AutoCropSettingDto {
  @ApiProperty({ example: 'PressSite' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  ProviderName!: string;

  @ApiProperty({ example: true }) @IsBoolean() Enabled!: boolean;

  @ApiProperty({
    type: Number,
    format: 'double',
    minimum: 0,
    maximum: 1,
    example: 0.8,
    description: 'Every suggestion of every image must score at least this',
  })
  @IsNumber()
  @Min(0)
  @Max(1)
  MinScore!: number;

  @ApiProperty({
    ...int32,
    minimum: 0,
    maximum: 100,
    example: 100,
    description: 'Share of auto-cropped programmes QA reviews (%); the rest complete',
  })
  @IsInt()
  @Min(0)
  @Max(100)
  QaSamplePercent!: number;
}

export class AutoCropSettingRow extends AutoCropSettingDto {
  @ApiProperty({ ...dateTime, example: '2026-12-02T10:00:00.000Z' }) UpdatedAt!: string;
}

const row = (s: AutoCropSetting): AutoCropSettingRow => ({
  ProviderName: s.provider_name,
  Enabled: s.enabled,
  MinScore: Math.round(s.min_score * 1000) / 1000,
  QaSamplePercent: s.qa_sample_percent,
  UpdatedAt: s.updated_at.toISOString(),
});

/** Auto-crop settings per provider (Admin). Off for every provider until an Admin turns it on. */
@ApiTags('autocrop')
@Controller('autocrop')
export class AutoCropController {
  constructor(private readonly autocrop: AutoCropService) {}

  @Get('Settings')
  @ApiOperation({ summary: 'Auto-crop settings of the providers that have one (others: off). Admin.' })
  @ApiEnvelopeArray(AutoCropSettingRow)
  async settings(): Promise<AutoCropSettingRow[]> {
    return (await this.autocrop.settings()).map(row);
  }

  @Post('Setting')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Turns auto-crop on or off for a provider, with its minimum score and QA sample share. A programme analysed ' +
      'afterwards whose every suggestion reaches the score (and has no BelowMinimum warning) is cropped by the ' +
      'service and moved to QA. Admin.',
  })
  @ApiEnvelope(AutoCropSettingRow)
  async put(@CurrentUser() user: AuthUser, @Body() dto: AutoCropSettingDto): Promise<AutoCropSettingRow> {
    return row(
      await this.autocrop.setting(
        {
          provider_name: dto.ProviderName,
          enabled: dto.Enabled,
          min_score: dto.MinScore,
          qa_sample_percent: dto.QaSamplePercent,
        },
        user.id,
      ),
    );
  }
}
