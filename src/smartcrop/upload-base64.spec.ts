import fc from 'fast-check';
import { BASE64, paddedBase64 } from './upload-base64.js';

describe('paddedBase64', () => {
  it('decodes what Buffer writes, of any length', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (raw) => {
        const bytes = Buffer.from(raw);
        expect(paddedBase64(bytes.toString('base64'))?.equals(bytes)).toBe(true);
      }),
      { numRuns: 2000, seed: 18 },
    );
  });

  it('reads either alphabet, with any trailing bits, as Node does', () => {
    for (const text of ['QUJ-', 'QUJ_', 'QR==', 'QUI='])
      expect(paddedBase64(text)?.equals(Buffer.from(text, 'base64'))).toBe(true);
  });

  it('leaves to the lenient path whitespace, missing or extra padding and stray characters', () => {
    for (const text of ['QUJD\n', 'QU JD', 'QQ', 'QUJD=', 'QQ===', 'AB=C', '====', 'QUJ*', 'QUJ\u00e9'])
      expect(paddedBase64(text)).toBeUndefined();
    // Node's decoder reads a character above U+00FF by its low byte: U+012B as '+', U+0161 as 'a'
    expect(paddedBase64('QUJ\u012b')).toBeUndefined();
    expect(paddedBase64('Q\u0161==')).toBeUndefined();
  });

  it('accepts only texts the pattern accepts, as the very bytes Node decodes from them', () => {
    // pieces that each trip a different shortcut: padding, whitespace, both alphabets, bytes Node skips,
    // and characters whose low byte is a base64 letter
    const piece = fc.constantFrom(
      'Q',
      'U',
      'J',
      'D',
      'A',
      '+',
      '/',
      '-',
      '_',
      '=',
      '==',
      ' ',
      '\n',
      '*',
      'é',
      '\u012b',
      '\u0161',
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 24 }), (parts) => {
        const text = parts.join('');
        const bytes = paddedBase64(text);
        if (bytes === undefined) return;
        expect(BASE64.test(text)).toBe(true);
        expect(bytes.equals(Buffer.from(text, 'base64'))).toBe(true);
      }),
      { numRuns: 20000, seed: 18 },
    );
  });
});
