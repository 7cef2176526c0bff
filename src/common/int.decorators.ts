import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

/** The largest value of a PostgreSQL `integer` (int4) column: user, lookup, role and rule ids, pixels. */
export const INT4_MAX = 2_147_483_647;
/**
 * The largest `bigint` id (ProgramId, ImageId) a JSON number carries exactly; above it two ids would
 * read as one, so it is the bound rather than bigint's own 2^63-1.
 */
export const BIGINT_ID_MAX = Number.MAX_SAFE_INTEGER;

export interface IntOptions {
  /** `int4` (default) or `bigint`: the column type the value lands in. */
  column?: 'int4' | 'bigint';
  min?: number;
  max?: number;
  optional?: boolean;
}

function bounds(o: IntOptions): { min: number; max: number } {
  return { min: o.min ?? 1, max: o.max ?? (o.column === 'bigint' ? BIGINT_ID_MAX : INT4_MAX) };
}

function validators(o: IntOptions) {
  const { min, max } = bounds(o);
  return [
    ...(o.optional ? [IsOptional()] : []),
    IsInt({ message: 'must be an integer' }),
    Min(min, { message: `must be at least ${min}` }),
    Max(max, { message: `must be at most ${max}` }),
  ];
}

/**
 * An integer body field range-checked to its column (1..2147483647 for int4 ids, up to 2^53-1 for
 * bigint ids), so an out-of-range number is a 400 naming the field instead of a database error. The
 * ApiProperty part only states the type and range; the DTO's own @ApiProperty adds the rest.
 */
export function IntField(o: IntOptions = {}) {
  const { min, max } = bounds(o);
  return applyDecorators(
    ApiProperty({
      type: 'integer',
      format: o.column === 'bigint' ? 'int64' : 'int32',
      minimum: min,
      maximum: max,
      required: !o.optional,
    }),
    ...validators(o),
  );
}

/** The same for a query-string parameter, converted from its text first (`?programId=42`). */
export function IntQuery(o: IntOptions & { description?: string; example?: number } = {}) {
  const { min, max } = bounds(o);
  return applyDecorators(
    ApiProperty({
      type: 'integer',
      format: o.column === 'bigint' ? 'int64' : 'int32',
      minimum: min,
      maximum: max,
      required: !o.optional,
      description: o.description,
      example: o.example ?? min,
    }),
    Type(() => Number),
    ...validators(o),
  );
}
