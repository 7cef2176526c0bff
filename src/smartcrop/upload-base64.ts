/** What a crop's ImageData may hold once a data: prefix and whitespace are gone: either alphabet, up to two `=`. */
export const BASE64 = /^[A-Za-z0-9+/_-]*={0,2}$/;

/**
 * The bytes of `text` when it is padded base64 with nothing else in it (what browsers and
 * `Buffer#toString('base64')` write), else undefined, for the caller's slower path (whitespace, no
 * padding, stray characters). Proven without a pattern, which costs several times the decode on a 100 KB
 * crop: Node's decoder skips a character outside both alphabets and stops at a `=`, so when every
 * character is ASCII and the bytes are as many as the length says, every character before the padding was
 * a base64 letter, and `BASE64` accepts the text. (The ASCII check is needed: the decoder reads a
 * character above U+00FF by its low byte, U+012B as `+`.)
 */
export function paddedBase64(text: string): Buffer | undefined {
  if (text.length % 4 !== 0 || Buffer.byteLength(text, 'utf8') !== text.length) return undefined;
  const bytes = Buffer.from(text, 'base64');
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  return bytes.length === (text.length / 4) * 3 - padding ? bytes : undefined;
}
