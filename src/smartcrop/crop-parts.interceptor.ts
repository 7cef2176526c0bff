import {
  BadRequestException,
  createParamDecorator,
  Injectable,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import type { Request } from 'express';
import type { Observable } from 'rxjs';
import { jsonDepthExceeds, MAX_JSON_DEPTH } from '../common/json-depth.js';

/** The part of a multipart save that carries the JSON body. */
export const REQUEST_PART = 'Request';

/** The multipart form of SaveCropedImages in openapi.json (moved there from the `x-multipart-form` extension). */
export const MULTIPART_SAVE = {
  type: 'object',
  required: [REQUEST_PART],
  properties: {
    [REQUEST_PART]: {
      type: 'string',
      description:
        'The SaveCropedImages JSON body (as for application/json); a crop whose bytes come as a file part has no ImageData.',
      example:
        '{"ProgramId":1001,"ImageId":42,"Crops":[{"AspectRatioId":1,"X":0,"Y":0,"Width":1920,"Height":1080}]}',
    },
  },
  additionalProperties: {
    type: 'string',
    format: 'binary',
    description:
      "A crop's JPEG, PNG or WebP bytes, the part named by its AspectRatioId (e.g. 1), at most MAX_CROP_BYTES",
  },
};

interface FilePart {
  fieldname: string;
  buffer: Buffer;
}

type SaveRequest = Request & { files?: FilePart[]; cropParts?: Map<number, Buffer> };

/**
 * A multipart SaveCropedImages (after multer, each file part in memory once, never as base64): the
 * `Request` part becomes the body the validation pipe checks as for application/json, and each file part,
 * named by its crop's AspectRatioId, that crop's bytes (see `CropParts`). A JSON request passes untouched.
 */
@Injectable()
export class CropPartsInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = context.switchToHttp().getRequest<SaveRequest>();
    if (!req.is('multipart/form-data')) return next.handle();
    const raw = (req.body as Record<string, unknown> | undefined)?.[REQUEST_PART];
    if (typeof raw !== 'string') {
      throw new BadRequestException(`A multipart save needs its JSON body in a part named ${REQUEST_PART}`);
    }
    let body: { Crops?: { AspectRatioId?: unknown; ImageData?: unknown }[] };
    try {
      if (jsonDepthExceeds(Buffer.from(raw), MAX_JSON_DEPTH)) throw new Error('too deep');
      body = JSON.parse(raw) as typeof body;
    } catch {
      throw new BadRequestException(`The ${REQUEST_PART} part is not valid JSON`);
    }
    const parts = new Map<number, Buffer>();
    for (const f of req.files ?? []) {
      const id = Number(f.fieldname);
      if (!/^[1-9]\d{0,8}$/.test(f.fieldname)) {
        throw new BadRequestException(
          `File part "${f.fieldname.slice(0, 40)}": name each file part by its AspectRatioId`,
        );
      }
      if (parts.has(id)) throw new BadRequestException(`File part ${id} is sent twice`);
      const crop = Array.isArray(body?.Crops) ? body.Crops.find((c) => c?.AspectRatioId === id) : undefined;
      if (!crop) throw new BadRequestException(`File part ${id} has no crop with AspectRatioId ${id}`);
      if (crop.ImageData !== undefined) {
        throw new BadRequestException(`Crop ${id} has both ImageData and a file part; send one`);
      }
      parts.set(id, f.buffer);
    }
    req.body = body;
    req.cropParts = parts;
    return next.handle();
  }
}

/** The crops' bytes of a multipart save, by AspectRatioId (empty for a JSON request). */
export const CropParts = createParamDecorator(
  (_: unknown, context: ExecutionContext): Map<number, Buffer> =>
    context.switchToHttp().getRequest<SaveRequest>().cropParts ?? new Map(),
);
