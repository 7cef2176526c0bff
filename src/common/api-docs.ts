import { applyDecorators, type Type } from '@nestjs/common';
import {
  ApiExtraModels,
  ApiProperty,
  ApiResponse,
  getSchemaPath,
  type ReferenceObject,
  type SchemaObject,
} from '@nestjs/swagger';
import { FieldError } from './response.js';

/** Spread into @ApiProperty: JSON numbers that are whole, as the columns behind them. */
export const int32 = { type: 'integer', format: 'int32' } as const;
/** Ids and counts of bigint columns (images, programmes, audit rows, job runs, dashboard counts). */
export const int64 = { type: 'integer', format: 'int64' } as const;
/** ISO-8601 UTC timestamps, as JSON.stringify writes a Date. */
export const dateTime = { type: 'string', format: 'date-time' } as const;

/** The part of the ResponseModel every answer has; `Data` is added per operation. */
export class Envelope {
  @ApiProperty({ ...int32, example: 200, description: 'The HTTP status, repeated' }) StatusCode!: number;
  @ApiProperty({ example: 'OK', description: 'A human sentence (why a list is empty, what was done)' })
  Message!: string;
}

/** Every 4xx/5xx: the same envelope, `Data: null`, and per-field errors when validation failed. */
export class ErrorEnvelope {
  @ApiProperty({ ...int32, example: 400 }) StatusCode!: number;
  @ApiProperty({ example: 'Validation failed' }) Message!: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: false,
    nullable: true,
    enum: [null],
    example: null,
    description: 'Always null',
  })
  Data!: null;
  @ApiProperty({
    type: [FieldError],
    required: false,
    description: 'One entry per offending field; only on a 400 from request validation',
  })
  Errors?: FieldError[];
}

/** A page of a list; `Items` is typed per operation. */
export class Paged {
  @ApiProperty({ type: 'array', items: {}, example: [], description: 'The rows of this page' })
  Items!: unknown[];
  @ApiProperty({ ...int32, example: 1, description: 'From 1' }) PageNumber!: number;
  @ApiProperty({ ...int32, example: 50, description: 'Rows per page (at most 500)' }) PageSize!: number;
  @ApiProperty({ ...int64, example: 1234 }) TotalRecords!: number;
  @ApiProperty({ ...int32, example: 25 }) TotalPages!: number;
}

interface EnvelopeOptions {
  /** What the handler answers: Nest's 201 for POST is overridden by @HttpCode(200) everywhere here. */
  status?: number;
  description?: string;
}

function envelopeOf(data: SchemaObject | ReferenceObject, opts: EnvelopeOptions) {
  return ApiResponse({
    status: opts.status ?? 200,
    description: opts.description ?? 'OK',
    schema: {
      allOf: [
        { $ref: getSchemaPath(Envelope) },
        { type: 'object', required: ['Data'], properties: { Data: data } },
      ],
    },
  });
}

/** The success answer `{ StatusCode, Message, Data: <model> }`. */
export function ApiEnvelope(model: Type<unknown>, opts: EnvelopeOptions = {}) {
  return applyDecorators(ApiExtraModels(Envelope, model), envelopeOf({ $ref: getSchemaPath(model) }, opts));
}

/** The success answer `{ StatusCode, Message, Data: <model>[] }`. */
export function ApiEnvelopeArray(model: Type<unknown>, opts: EnvelopeOptions = {}) {
  return applyDecorators(
    ApiExtraModels(Envelope, model),
    envelopeOf({ type: 'array', items: { $ref: getSchemaPath(model) } }, opts),
  );
}

/** The success answer `{ StatusCode, Message, Data: Paged<model> }`. */
export function ApiPaged(model: Type<unknown>, opts: EnvelopeOptions = {}) {
  return applyDecorators(
    ApiExtraModels(Envelope, Paged, model),
    envelopeOf(
      {
        allOf: [
          { $ref: getSchemaPath(Paged) },
          {
            type: 'object',
            properties: { Items: { type: 'array', items: { $ref: getSchemaPath(model) } } },
          },
        ],
      },
      opts,
    ),
  );
}

/** What each error status means on this service, unless the operation says it more precisely. */
export const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: 'Bad input: `Errors` lists each offending field when request validation failed',
  401: 'No token, an invalid or expired one, or a deactivated account',
  403: 'Your role may not do this',
  404: 'Not found',
  409: 'Conflicts with the current state',
  413: 'The request body (or an image in it) is larger than the service accepts',
  429: 'Too many attempts; the Retry-After header says when to try again',
  500: 'Something went wrong on our side; the error has been logged',
  502: 'An upstream (image source or storage) answered badly',
  503: 'The database or another dependency is unavailable; the Retry-After header says when to try again',
};

/**
 * Error answers of an operation, each with the error envelope: `@ApiErrors(404, [409, 'You hold no
 * images of programme 1001'])`. 400 (validation), 401 and 403 (roles) are added from the route's own
 * metadata when the document is built (see openapi.document.ts), so list only what the service adds.
 */
export function ApiErrors(...statuses: (number | [number, string])[]) {
  return applyDecorators(
    ApiExtraModels(ErrorEnvelope),
    ...statuses.map((s) => {
      const [status, description] = Array.isArray(s) ? s : [s, ERROR_DESCRIPTIONS[s] ?? 'Error'];
      return ApiResponse({ status, description, schema: { $ref: getSchemaPath(ErrorEnvelope) } });
    }),
  );
}

/** A file download: the body is the file, not an envelope (errors before the first byte still are). */
export function ApiFile(contentType: string, description: string) {
  return ApiResponse({
    status: 200,
    description,
    content: { [contentType]: { schema: { type: 'string', format: 'binary' } } },
  });
}
