import { ApiProperty } from '@nestjs/swagger';

/** A handler may return this to choose the envelope's Message (e.g. why a claim came back empty). */
export class ApiResult<T> {
  constructor(
    readonly data: T,
    readonly message = 'OK',
  ) {}
}

export class FieldError {
  @ApiProperty({ example: 'programId' }) Field!: string;
  @ApiProperty({ example: 'must be a positive integer' }) Message!: string;
}

/** The legacy ResponseModel every JSON response is wrapped in. */
export class ResponseModel<T = unknown> {
  @ApiProperty({ example: 200 }) StatusCode!: number;
  @ApiProperty({ example: 'OK' }) Message!: string;
  @ApiProperty({ nullable: true }) Data!: T | null;
  @ApiProperty({ type: [FieldError], required: false }) Errors?: FieldError[];
}

export interface Page<T> {
  Items: T[];
  PageNumber: number;
  PageSize: number;
  TotalRecords: number;
  TotalPages: number;
}

export function toPage<T>(items: T[], total: number, pageNumber: number, pageSize: number): Page<T> {
  return {
    Items: items,
    PageNumber: pageNumber,
    PageSize: pageSize,
    TotalRecords: total,
    TotalPages: Math.ceil(total / pageSize),
  };
}
