import {
  Injectable,
  ValidationPipe,
  type ArgumentMetadata,
  type PipeTransform,
  type ValidationError,
} from '@nestjs/common';
import { plainToInstance, type ClassConstructor } from 'class-transformer';
import { validate } from 'class-validator';
import { ValidationFailed } from './exception.filter.js';
import type { FieldError } from './response.js';

/**
 * Which broken rule a field's one message names: presence before type before range or format, so "abc"
 * for an id says "must be a positive integer", not also "is too large". Rules of equal rank: the one
 * declared first (class-validator lists stacked decorators bottom-up, so the last key).
 */
const RULE_RANK = [
  'whitelistValidation',
  'isDefined',
  'isNotEmpty',
  'isInt',
  'isNumber',
  'isString',
  'isBoolean',
  'isBooleanString',
  'isArray',
  'isObject',
  'isEnum',
  'isIn',
];
const rank = (rule: string) => (RULE_RANK.includes(rule) ? RULE_RANK.indexOf(rule) : RULE_RANK.length);

function firstBroken(constraints: Record<string, string>): string | undefined {
  let chosen: string | undefined;
  for (const rule of Object.keys(constraints)) {
    if (chosen === undefined || rank(rule) <= rank(chosen)) chosen = rule;
  }
  return chosen === undefined ? undefined : constraints[chosen];
}

function flatten(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((e) => {
    const field = parent ? `${parent}.${e.property}` : e.property;
    const m = firstBroken(e.constraints ?? {});
    const own =
      m === undefined
        ? []
        : [
            {
              Field: field,
              // class-validator starts messages with the property name; the Field already says it
              Message: m.startsWith(`${e.property} `) ? m.slice(e.property.length + 1) : m,
            },
          ];
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

/**
 * A body that is a JSON array of `type` (UpdateCroppedImageInfo): each item validated as a body is
 * (strict), every error named with its index (`0.ImageId`) in the same Errors list as any other 400.
 */
export class ArrayBodyPipe<T extends object> implements PipeTransform<unknown, Promise<T[]>> {
  constructor(private readonly type: ClassConstructor<T>) {}

  async transform(value: unknown): Promise<T[]> {
    if (!Array.isArray(value))
      throw new ValidationFailed([{ Field: 'body', Message: 'must be a JSON array' }]);
    const items: T[] = [];
    const errors: FieldError[] = [];
    for (const [i, item] of value.entries()) {
      if (item === null || typeof item !== 'object' || Array.isArray(item)) {
        errors.push({ Field: String(i), Message: 'must be an object' });
        continue;
      }
      const instance = plainToInstance(this.type, item);
      errors.push(
        ...flatten(await validate(instance, { whitelist: true, forbidNonWhitelisted: true }), String(i)),
      );
      items.push(instance);
    }
    if (errors.length > 0) throw new ValidationFailed(errors);
    return items;
  }
}
