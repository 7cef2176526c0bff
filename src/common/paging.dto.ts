import { Transform } from 'class-transformer';
import { INT4_MAX, IntQuery } from './int.decorators.js';

export const MAX_PAGE_SIZE = 500;

/** An optional positive int4 in the query string, e.g. `?user=7`. */
export function OptionalIntQuery(
  opts: { min?: number; max?: number; description?: string; example?: number } = {},
) {
  return IntQuery({ ...opts, optional: true });
}

/** `pageNumber` (from 1) and `pageSize` (default 50, at most 500), case-sensitive as the legacy UI sends them. */
export class PageQuery {
  // int4 bounds the offset too: pageNumber × pageSize stays far inside PostgreSQL's bigint OFFSET
  @OptionalIntQuery({ max: INT4_MAX, description: 'Page number, starting at 1', example: 1 })
  pageNumber: number = 1;

  // a larger page is served as the largest one (the answer says PageSize 500), not refused; beyond
  // int4 it is refused like any other integer input
  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'number' && Number.isInteger(value) && value > MAX_PAGE_SIZE && value <= INT4_MAX
      ? MAX_PAGE_SIZE
      : value,
  )
  @OptionalIntQuery({
    max: INT4_MAX,
    description: `Rows per page (default 50; a value above ${MAX_PAGE_SIZE} is served as ${MAX_PAGE_SIZE})`,
    example: 50,
  })
  pageSize: number = 50;

  get offset(): number {
    return (this.pageNumber - 1) * this.pageSize;
  }
}
