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
 * Every string at any depth that holds a NUL: PostgreSQL text cannot store one (the driver fails with
 * a 500), and no field of the contract means one. Walks what the client sent, before any DTO.
 */
function nulFields(value: unknown, path: string, out: FieldError[], depth = 0): FieldError[] {
  if (typeof value === 'string') {
    if (value.includes('\u0000')) out.push({ Field: path, Message: 'must not contain NUL characters' });
  } else if (value !== null && typeof value === 'object' && depth < 64) {
    for (const [k, v] of Object.entries(value)) {
      const field = path ? `${path}.${k}` : k;
      if (k.includes('\u0000')) out.push({ Field: field, Message: 'must not contain NUL characters' });
      nulFields(v, field, out, depth + 1);
    }
  }
  return out;
}

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
    if (metadata.type !== 'custom') {
      const nul = nulFields(value, metadata.type === 'param' ? (metadata.data ?? '') : '', []);
      if (nul.length > 0) throw new ValidationFailed(nul);
    }
    return (metadata.type === 'query' ? this.queries : this.bodies).transform(
      value,
      metadata,
    ) as Promise<unknown>;
  }
}
