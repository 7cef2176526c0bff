import fc from 'fast-check';
import { jsonDepthExceeds } from './json-depth.js';

/** The byte-by-byte scan the quicker one replaced: the reference it must agree with. */
function byteByByte(raw: Buffer, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < raw.length; i++) {
    const b = raw[i];
    if (inString) {
      if (b === 0x5c) i++;
      else if (b === 0x22) inString = false;
    } else if (b === 0x22) inString = true;
    else if (b === 0x7b || b === 0x5b) {
      if (++depth > limit) return true;
    } else if (b === 0x7d || b === 0x5d) depth--;
  }
  return false;
}

describe('jsonDepthExceeds', () => {
  it('counts brackets outside strings only', () => {
    expect(jsonDepthExceeds(Buffer.from('[[[1]]]'), 3)).toBe(false);
    expect(jsonDepthExceeds(Buffer.from('[[[[1]]]]'), 3)).toBe(true);
    expect(jsonDepthExceeds(Buffer.from('{"a":"[[[[[[","b":[1]}'), 2)).toBe(false);
    // an escaped quote does not end the string; an escaped backslash before a quote does
    expect(jsonDepthExceeds(Buffer.from('["\\"[[[[", 1]'), 2)).toBe(false);
    expect(jsonDepthExceeds(Buffer.from('["\\\\", [[[1]]]]'), 3)).toBe(true);
    expect(jsonDepthExceeds(Buffer.from('["\\\\\\"[[[[", 1]'), 2)).toBe(false);
  });

  it('agrees with the byte-by-byte scan on any mix of brackets, quotes, backslashes and text', () => {
    const piece = fc.constantFrom('[', ']', '{', '}', '"', '\\', 'a', ',', ' ', 'é', '\\"', '\\\\');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 80 }), fc.integer({ min: 0, max: 6 }), (parts, limit) => {
        const raw = Buffer.from(parts.join(''));
        expect(jsonDepthExceeds(raw, limit)).toBe(byteByByte(raw, limit));
      }),
      { numRuns: 5000, seed: 19 },
    );
  });
});
