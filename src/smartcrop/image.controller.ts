import {
  Body,
  Controller,
  Get,
  HttpCode,
  Post,
  Query,
  type StreamableFile,
  UseInterceptors,
} from '@nestjs/common';
import { AnyFilesInterceptor } from '@nestjs/platform-express';
import { ApiBody, ApiConsumes, ApiExtension, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiEnvelope, ApiEnvelopeArray, ApiErrors } from '../common/api-docs.js';
import { CurrentUser, Role, Roles, type AuthUser } from '../common/auth.decorators.js';
import type { ApiResult } from '../common/response.js';
import { ArrayBodyPipe } from '../common/validation.pipe.js';
import {
  CroppedImageDto,
  DeleteCroppedImageInfoQuery,
  DeleteResult,
  GetCroppedImageInfoQuery,
  GetImageInfoQuery,
  ProgramImageDto,
  ReleaseResult,
  SaveCropedImagesDto,
  SaveCropsResult,
  UpdateCroppedImageInfoItem,
  UpdateStatusQuery,
  UpdateStatusResult,
  UpdateUserLockStatusQuery,
} from './image.dto.js';
import { CropParts, CropPartsInterceptor, MULTIPART_SAVE } from './crop-parts.interceptor.js';
import { ImageService } from './image.service.js';
import { RenditionService } from './rendition.service.js';
import { CropSuggestionsDto, GetCropSuggestionsQuery } from './suggest/suggestion.dto.js';
import { SuggestionService } from './suggest/suggestion.service.js';

/** What an operation on an image the caller must hold can answer besides validation. */
const HELD_IMAGE_ERRORS: [number, string][] = [
  [403, 'Your role may not work on the image at its stage'],
  [404, 'The programme has no such image (or rendition)'],
  [409, 'You do not hold the image (or your lock expired)'],
];

@ApiTags('image')
@Controller('image')
export class ImageController {
  constructor(
    private readonly images: ImageService,
    private readonly renditions: RenditionService,
    private readonly suggestions: SuggestionService,
  ) {}

  @Get('GetCropSuggestions')
  @Roles(Role.Operator, Role.QA)
  @ApiOperation({
    summary:
      "The image's suggested crop per aspect ratio, its analysis state and BelowMinimum warnings; computed now " +
      '(within the image budget) when the background analysis has not run yet.',
  })
  @ApiEnvelope(CropSuggestionsDto)
  @ApiErrors([404, 'No such image'], [502, 'The source image could not be read right now'])
  getCropSuggestions(@Query() q: GetCropSuggestionsQuery): Promise<CropSuggestionsDto> {
    return this.suggestions.forImage(q.imageId);
  }

  @Get('GetImageInfo')
  @Roles(Role.Operator, Role.QA)
  @ApiOperation({
    summary:
      'Resume the images you hold, else lock the next queued programme of the provider at your stage (Operator: 1, QA: 2, ' +
      'Admin: 1 then 2). Empty list with the reason in Message.',
  })
  @ApiEnvelopeArray(ProgramImageDto)
  @ApiErrors([403, 'Your role may not claim, or `user` is not your own id'])
  getImageInfo(
    @CurrentUser() user: AuthUser,
    @Query() q: GetImageInfoQuery,
  ): Promise<ApiResult<ProgramImageDto[]>> {
    return this.images.claimNext(user, q.providerName, q.user);
  }

  @Post('SaveCropedImages')
  @HttpCode(200)
  @Roles(Role.Operator, Role.QA)
  @ApiOperation({
    summary:
      'Save renditions of an image you hold (base64 pixels, or cut server-side from the source), then optionally move ' +
      'it on (Status). Uploads first; no row changes if an upload fails. New clients may send multipart/form-data ' +
      "instead: the JSON body in a part named Request, and each crop's bytes as a file part named by its AspectRatioId " +
      '(that crop without ImageData); no base64.',
  })
  @ApiEnvelope(SaveCropsResult)
  @ApiErrors(
    ...HELD_IMAGE_ERRORS,
    [413, 'The body, or one crop, is larger than the service accepts'],
    502,
    503,
  )
  @UseInterceptors(AnyFilesInterceptor(), CropPartsInterceptor)
  @ApiConsumes('application/json', 'multipart/form-data')
  @ApiBody({ type: SaveCropedImagesDto })
  @ApiExtension('x-multipart-form', MULTIPART_SAVE)
  saveCropedImages(
    @CurrentUser() user: AuthUser,
    @Body() dto: SaveCropedImagesDto,
    @CropParts() parts: Map<number, Buffer>,
  ): Promise<ApiResult<SaveCropsResult>> {
    return this.renditions.saveCrops(user, dto, parts);
  }

  @Get('GetCroppedImageInfo')
  @Roles(Role.QA)
  @ApiOperation({
    summary:
      "Open a programme for review: locks its QA-stage images for you and returns them with renditions and each rendition's " +
      'bytes as base64 ImageData (includeImageData=false leaves them out). With image data the answer is streamed (chunked), ' +
      'one rendition read after the other; a rendition that cannot be read after the answer has begun ends the connection.',
  })
  @ApiEnvelopeArray(CroppedImageDto)
  @ApiErrors(
    [403, 'Your role may not review, or `user` is not your own id'],
    [404, 'The programme has no images'],
    [409, 'Another user holds images of the programme'],
    502,
    503,
  )
  getCroppedImageInfo(
    @CurrentUser() user: AuthUser,
    @Query() q: GetCroppedImageInfoQuery,
  ): Promise<ApiResult<CroppedImageDto[]> | StreamableFile> {
    return this.renditions.getCroppedInfo(
      user,
      q.programId,
      q.user,
      !['false', '0'].includes(q.includeImageData ?? ''),
    );
  }

  @Get('DeleteCroppedImageInfo')
  @Roles(Role.Operator, Role.QA)
  @ApiOperation({
    summary: 'Delete one rendition (id = AspectRatioId) of an image you hold: row and stored object.',
  })
  @ApiEnvelope(DeleteResult)
  @ApiErrors(...HELD_IMAGE_ERRORS, 503)
  deleteCroppedImageInfo(
    @CurrentUser() user: AuthUser,
    @Query() q: DeleteCroppedImageInfoQuery,
  ): Promise<ApiResult<DeleteResult>> {
    return this.renditions.deleteCrop(user, q.programId, q.id, q.imageid);
  }

  @Get('UpdateStatus')
  @Roles(Role.Operator, Role.QA)
  @ApiOperation({
    summary:
      'Move every image of the programme you hold: 2 operator done (to QA or Completed by sampling), 3 QA approve, 1 QA send ' +
      'back (rejectReasonId), 4 reject (rejectReasonId); the current status with currentState=0 releases. Operators work on stage 1 only.',
  })
  @ApiEnvelope(UpdateStatusResult)
  @ApiErrors(
    [403, 'Your role may not move images at this stage'],
    [409, 'You hold no images of the programme, or the transition is not allowed from their status'],
  )
  updateStatus(
    @CurrentUser() user: AuthUser,
    @Query() q: UpdateStatusQuery,
  ): Promise<ApiResult<UpdateStatusResult>> {
    return this.images.updateStatus(user, q.programId, {
      status: q.status,
      currentState: q.currentState,
      rejectReasonId: q.rejectReasonId ?? q.RejectReasonId,
    });
  }

  @Get('UpdateUserLockStatus')
  @Roles()
  @ApiOperation({
    summary: 'Release every lock of a user: yourself (any signed-in user), or anyone (Admin).',
  })
  @ApiEnvelope(ReleaseResult)
  @ApiErrors([403, '`userId` is not your own and you are not Admin'])
  updateUserLockStatus(
    @CurrentUser() user: AuthUser,
    @Query() q: UpdateUserLockStatusQuery,
  ): Promise<ApiResult<ReleaseResult>> {
    return this.images.releaseLocks(user, q.userId);
  }

  @Post('UpdateCroppedImageInfo')
  @HttpCode(200)
  @Roles(Role.QA)
  @ApiOperation({
    summary:
      'Bulk QA edit of renditions of images you hold (re-cut or re-upload when the rectangle or pixels change) and their ' +
      'Status, in one transaction after uploads succeed.',
  })
  @ApiBody({ type: [UpdateCroppedImageInfoItem] })
  @ApiEnvelopeArray(SaveCropsResult)
  @ApiErrors(
    ...HELD_IMAGE_ERRORS,
    [413, 'The body, or one crop, is larger than the service accepts'],
    502,
    503,
  )
  updateCroppedImageInfo(
    @CurrentUser() user: AuthUser,
    @Body(new ArrayBodyPipe(UpdateCroppedImageInfoItem))
    body: UpdateCroppedImageInfoItem[],
  ): Promise<ApiResult<SaveCropsResult[]>> {
    return this.renditions.updateCroppedInfo(user, body);
  }
}
