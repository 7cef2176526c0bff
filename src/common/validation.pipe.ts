import { Injectable, ValidationPipe, type ArgumentMetadata, type ValidationError } from '@nestjs/common';
import { ValidationFailed } from './exception.filter.js';
import type { FieldError } from './response.js';

function flatten(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((e) => {
    const field = parent ? `${parent}.${e.property}` : e.property;
    const own = Object.values(e.constraints ?? {}).map((m) => ({
      Field: field,
      // class-validator starts messages with the property name; the Field already says it
      Message: m.startsWith(`${e.property} `) ? m.slice(e.property.length + 1) : m,
    }));
    return [...own, ...flatten(e.children ?? [], field)];
  });
}

const exceptionFactory = (errors: ValidationError[]) => new ValidationFailed(flatten(errors));

/**
 * Bodies are strict (unknown fields are 400); query strings follow the legacy contract, where unknown
 * parameters are ignored. Query names are matched case-sensitively because DTO properties are.
 */
@Injectable()
export class AppValidationPipe {
  private readonly bodies = new ValidationPipe({
    transform: true,
    whitelist: true,
    forbidNonWhitelisted: true,
    exceptionFactory,
  });
  private readonly queries = new ValidationPipe({
    transform: true,
    whitelist: true,
    forbidNonWhitelisted: false,
    exceptionFactory,
  });

  transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    return (metadata.type === 'query' ? this.queries : this.bodies).transform(
      value,
      metadata,
    ) as Promise<unknown>;
  }
}
