import { Readable } from 'node:stream';

/** Renditions read ahead of the one being written: enough to hide a storage round trip, few enough to bound memory. */
export const READ_AHEAD = 2;
/** Bytes of a rendition base64-encoded per chunk written (a multiple of 3, so chunks concatenate). */
const CHUNK = 48 * 1024;

export interface CroppedEntry<I, C, R> {
  /** The image's fields in wire order; `Crops` is written after them. */
  image: I;
  /** Each rendition's fields in wire order, with what `read` needs to fetch its bytes. */
  crops: { dto: C; from: R }[];
}

/**
 * The envelope `{ StatusCode, Message, Data: [image..., each with Crops: [rendition..., ImageData]] }`
 * written piece by piece, byte for byte what `JSON.stringify` of the whole answer gives: each object is
 * stringified with an empty `Crops` / `ImageData` as its last field, cut before that value's closing
 * characters, and the value written after it. Base64 needs no JSON escaping. Renditions are read in
 * order, at most READ_AHEAD + 1 at a time, so memory holds a few renditions whatever the programme's
 * size. `first` is the first rendition's bytes, read by the caller (so a storage failure there is still
 * an ordinary error answer); a later failure ends the stream with that error.
 */
export function croppedJson<I extends object, C extends object, R>(
  message: string,
  entries: CroppedEntry<I, C, R>[],
  read: (from: R) => Promise<Buffer>,
  first?: Buffer,
): Readable {
  const keys = entries.flatMap((e) => e.crops.map((c) => c.from));
  const pending: Promise<Buffer>[] = [];
  let started = 0;
  const ahead = () => {
    while (started < keys.length && pending.length <= READ_AHEAD) {
      const i = started++;
      const p = i === 0 && first ? Promise.resolve(first) : read(keys[i]);
      p.catch(() => undefined); // awaited in turn below; not unhandled meanwhile
      pending.push(p);
    }
  };
  const next = async () => {
    ahead();
    const bytes = await pending.shift()!;
    ahead();
    return bytes;
  };
  async function* pieces(): AsyncGenerator<string> {
    yield `{"StatusCode":200,"Message":${JSON.stringify(message)},"Data":[`;
    for (const [i, e] of entries.entries()) {
      yield (i ? ',' : '') + JSON.stringify({ ...e.image, Crops: [] }).slice(0, -2);
      for (const [j, c] of e.crops.entries()) {
        yield (j ? ',' : '') + JSON.stringify({ ...c.dto, ImageData: '' }).slice(0, -2);
        const bytes = await next();
        for (let at = 0; at < bytes.length; at += CHUNK) {
          yield bytes.toString('base64', at, Math.min(bytes.length, at + CHUNK));
        }
        yield '"}';
      }
      yield ']}';
    }
    yield ']}';
  }
  // strings, not bytes: the response writes each string to the socket as it is, with no Buffer copy of it
  return Readable.from(pieces(), { objectMode: true, highWaterMark: 2 });
}
