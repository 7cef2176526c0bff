import fc from 'fast-check';
import { validValue, type Schema } from './operations.js';

/**
 * Values the description says an input cannot take, as fast-check arbitraries. Each is wrong for a
 * reason the schema states (type, range, enum, format, length, required, extra) or one every input
 * shares (a NUL byte, a value nested where a scalar goes). Nothing here is a value the service may
 * reasonably accept: a property over these values asserts the refusal.
 */

const NUL = '\u0000';
const withNul = (base: string) =>
  fc.nat({ max: base.length }).map((i) => `${base.slice(0, i)}${NUL}${base.slice(i)}`);
/** Letters only: never a number, a boolean or an enum value in any case. */
const word = fc.stringMatching(/^[a-z]{3,12}$/).map((w) => `zz${w}`);
const nested = fc.integer({ min: 40, max: 3000 }).map((d) => '['.repeat(d) + ']'.repeat(d));

/** Integers on either side of the schema's range, from one past it to far beyond any column. */
function outOfRange(s: Schema): fc.Arbitrary<number | bigint>[] {
  const out: fc.Arbitrary<number | bigint>[] = [];
  if (s.maximum !== undefined) {
    const max = BigInt(s.maximum);
    out.push(fc.bigInt({ min: max + 1n, max: max + 10n ** 22n }));
  }
  if (s.minimum !== undefined) {
    const min = BigInt(s.minimum);
    out.push(fc.bigInt({ min: min - 10n ** 22n, max: min - 1n }));
  }
  return out;
}

const isDate = (s: Schema) => s.format === 'date' || s.format === 'date-time';
const badDates = fc.constantFrom(
  '2026-02-30',
  '2026-13-01',
  'yesterday',
  '31/12/2026',
  '2026-12-01T25:00:00Z',
);

/** A bad query-string or path value: always text, so wrong by its content. */
export function badText(s: Schema): fc.Arbitrary<string> {
  const valid = String(validValue(s));
  const options: fc.Arbitrary<string>[] = [withNul(valid)];
  if (s.type === 'integer' || s.type === 'number') {
    options.push(
      word,
      fc
        .double({ min: 1.01, max: 1e6, noNaN: true })
        .filter((d) => !Number.isInteger(d))
        .map(String),
      fc.constant('9'.repeat(40)),
      ...outOfRange(s).map((a) => a.map(String)),
    );
  } else if (s.type === 'boolean') {
    options.push(word, fc.constantFrom('2', 'TRUE1', 'null', '[]'));
  } else if (s.enum) {
    options.push(word.filter((w) => !s.enum!.some((e) => String(e).toLowerCase() === w.toLowerCase())));
  } else if (isDate(s)) {
    options.push(badDates);
  }
  if (s.maxLength !== undefined)
    options.push(fc.integer({ min: s.maxLength + 1, max: s.maxLength + 2000 }).map((n) => 'a'.repeat(n)));
  return fc.oneof(...options);
}

/** A JSON value of another type than the schema's (null only where it is not nullable). */
function wrongType(s: Schema): fc.Arbitrary<unknown> {
  const all: [string, fc.Arbitrary<unknown>][] = [
    ['string', fc.constantFrom('1', 'true', '', 'x')],
    ['integer', fc.integer({ min: 1, max: 100 })],
    ['boolean', fc.boolean()],
    ['array', fc.constantFrom([], [1], ['x'])],
    ['object', fc.constantFrom({}, { a: 1 })],
  ];
  const options = all
    .filter(([t]) => t !== s.type && !(t === 'integer' && s.type === 'number'))
    .map(([, a]) => a);
  if (!s.nullable) options.push(fc.constant(null));
  return fc.oneof(...options);
}

/** A bad JSON value for a schema: wrong type, out of range, not in the enum, too long, NUL, or bad inside. */
export function badJson(s: Schema, depth = 0): fc.Arbitrary<unknown> {
  const options: fc.Arbitrary<unknown>[] = [wrongType(s)];
  if (s.type === 'integer') {
    options.push(fc.double({ min: 1.01, max: 1e6, noNaN: true }).filter((d) => !Number.isInteger(d)));
    options.push(...outOfRange(s).map((a) => a.map((b) => Number(b))));
    if (s.enum) options.push(fc.integer({ min: -1000, max: 1000 }).filter((n) => !s.enum!.includes(n)));
  } else if (s.type === 'string' || s.type === undefined) {
    options.push(withNul(typeof validValue(s) === 'string' ? (validValue(s) as string) : 'x'));
    if (s.enum) options.push(word);
    if (isDate(s)) options.push(badDates);
    if (s.maxLength !== undefined)
      options.push(fc.integer({ min: s.maxLength + 1, max: s.maxLength + 5000 }).map((n) => 'a'.repeat(n)));
  } else if (s.type === 'array' && s.items && depth < 4) {
    const item = validValue(s.items);
    options.push(
      fc
        .tuple(badJson(s.items, depth + 1), fc.nat({ max: 3 }))
        .map(([bad, at]) => [...Array<unknown>(at).fill(item), bad]),
    );
    if (s.maxItems !== undefined)
      options.push(
        fc.integer({ min: s.maxItems + 1, max: s.maxItems + 50 }).map((n) => Array<unknown>(n).fill(item)),
      );
  } else if (s.type === 'object' && depth < 4) {
    options.push(badObject(s, depth));
  }
  return fc.oneof(...options);
}

/**
 * An object valid in every field but one: that field bad, a required field missing, or a field the
 * schema does not have (bodies are strict).
 */
export function badObject(s: Schema, depth = 0): fc.Arbitrary<Record<string, unknown>> {
  const valid = validValue(s) as Record<string, unknown>;
  const props = Object.entries(s.properties ?? {});
  const options: fc.Arbitrary<Record<string, unknown>>[] = [
    fc
      .tuple(
        word.map((w) => `Extra${w}`),
        fc.jsonValue({ maxDepth: 2 }),
      )
      .map(([k, v]) => ({ ...valid, [k]: v })),
  ];
  if (props.length > 0)
    options.push(
      fc
        .constantFrom(...props)
        .chain(([k, v]) => badJson(v, depth + 1).map((bad) => ({ ...valid, [k]: bad }))),
    );
  const required = s.required ?? [];
  if (required.length > 0)
    options.push(
      fc.constantFrom(...required).map((k) => {
        const copy = { ...valid };
        delete copy[k];
        return copy;
      }),
    );
  return fc.oneof(...options);
}

/** A raw JSON body nested beyond the service's depth limit, inside an otherwise valid body. */
export function deepBody(s: Schema): fc.Arbitrary<string> {
  return nested.map((deep) => {
    const valid = validValue(s);
    if (Array.isArray(valid) || typeof valid !== 'object' || valid === null) return deep;
    const [first] = Object.keys(valid);
    const text = JSON.stringify({ ...valid, [first ?? 'Deep']: '__DEEP__' });
    return text.replace('"__DEEP__"', deep);
  });
}
