import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiEnvelope, ApiEnvelopeArray, ApiErrors } from '../common/api-docs.js';
import { Role, Roles } from '../common/auth.decorators.js';
import { AspectRatioItem, LookupItem, RejectReasonItem, UpdateAspectRatioMinimumDto } from './lookup.dto.js';
import { LookupService } from './lookup.service.js';

@ApiTags('lookup')
@Roles()
@Controller('lookup')
export class LookupController {
  constructor(private readonly lookups: LookupService) {}

  @Get('GetImageTypeLookup')
  @ApiOperation({ summary: 'Image types, by id.' })
  @ApiEnvelopeArray(LookupItem)
  getImageTypeLookup(): Promise<LookupItem[]> {
    return this.lookups.imageTypes();
  }

  @Get('GetImageLanguageLookup')
  @ApiOperation({ summary: 'Image languages, by id.' })
  @ApiEnvelopeArray(LookupItem)
  getImageLanguageLookup(): Promise<LookupItem[]> {
    return this.lookups.languages();
  }

  @Get('GetRejectReasonLookup')
  @ApiOperation({ summary: 'Reasons an image can be sent back or rejected, by id.' })
  @ApiEnvelopeArray(RejectReasonItem)
  getRejectReasonLookup(): Promise<RejectReasonItem[]> {
    return this.lookups.rejectReasons();
  }

  @Get('GetAspectRatioLookup')
  @ApiOperation({
    summary:
      'Aspect ratios renditions are cut to (16:9, 4:3, 3:4, 2:3, 1:1), with the smallest rendition each accepts ' +
      '(defaults: a shorter side of 720 pixels, e.g. 1280x720 for 16:9).',
  })
  @ApiEnvelopeArray(AspectRatioItem)
  getAspectRatioLookup(): Promise<AspectRatioItem[]> {
    return this.lookups.aspectRatios();
  }

  @Post('UpdateAspectRatioMinimum')
  @HttpCode(200)
  @Roles(Role.Admin)
  @ApiOperation({ summary: "Sets an aspect ratio's minimum rendition size (0x0 = none). Admin." })
  @ApiEnvelope(AspectRatioItem)
  @ApiErrors([404, 'No such aspect ratio'])
  updateAspectRatioMinimum(@Body() dto: UpdateAspectRatioMinimumDto): Promise<AspectRatioItem> {
    return this.lookups.setMinimum(dto.Id, dto.MinWidth, dto.MinHeight);
  }
}
