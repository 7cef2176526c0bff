import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

export const MAX_PAGE_SIZE = 500;

/** An optional positive integer in the query string, e.g. `?programId=42`. */
export function OptionalIntQuery(
  opts: { min?: number; max?: number; description?: string; example?: number } = {},
) {
  const decorators = [
    ApiPropertyOptional({
      type: 'integer',
      format: 'int32',
      minimum: opts.min ?? 1,
      maximum: opts.max,
      description: opts.description,
      example: opts.example ?? opts.min ?? 1,
    }),
    IsOptional(),
    Type(() => Number),
    IsInt({ message: 'must be an integer' }),
    Min(opts.min ?? 1, { message: `must be at least ${opts.min ?? 1}` }),
  ];
  if (opts.max !== undefined) decorators.push(Max(opts.max, { message: `must be at most ${opts.max}` }));
  return applyDecorators(...decorators);
}

/** `pageNumber` (from 1) and `pageSize` (default 50, at most 500), case-sensitive as the legacy UI sends them. */
export class PageQuery {
  @OptionalIntQuery({ description: 'Page number, starting at 1', example: 1 })
  pageNumber: number = 1;

  @OptionalIntQuery({
    max: MAX_PAGE_SIZE,
    description: 'Rows per page (default 50, at most 500)',
    example: 50,
  })
  pageSize: number = 50;

  get offset(): number {
    return (this.pageNumber - 1) * this.pageSize;
  }
}
