/** Deepest JSON nesting a request body may have; the legacy payloads need 3. */
export const MAX_JSON_DEPTH = 32;

const OPEN_OBJECT = 0x7b;
const OPEN_ARRAY = 0x5b;
const CLOSE_OBJECT = 0x7d;
const CLOSE_ARRAY = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * The nesting depth of raw JSON bytes, counted without parsing: JSON.parse recurses, so a body of
 * 100,000 brackets overflows the stack before any reviver or validator sees it. Brackets inside strings
 * are text. UTF-8 multi-byte sequences never contain these ASCII bytes, so scanning bytes is exact.
 */
export function jsonDepthExceeds(raw: Buffer, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < raw.length; i++) {
    const b = raw[i];
    if (inString) {
      if (b === BACKSLASH) i++;
      else if (b === QUOTE) inString = false;
    } else if (b === QUOTE) inString = true;
    else if (b === OPEN_OBJECT || b === OPEN_ARRAY) {
      if (++depth > limit) return true;
    } else if (b === CLOSE_OBJECT || b === CLOSE_ARRAY) depth--;
  }
  return false;
}

/** The body-parser error type of a too-deep body (the exception filter gives it its sentence). */
export const TOO_DEEP = 'entity.too.deep';

/** body-parser's `verify` hook: refuses a too-deep body with a 400 before JSON.parse runs. */
export function verifyJsonDepth(_req: unknown, _res: unknown, raw: Buffer): void {
  if (jsonDepthExceeds(raw, MAX_JSON_DEPTH)) {
    throw Object.assign(new Error('JSON body too deep'), { status: 400, type: TOO_DEEP });
  }
}
