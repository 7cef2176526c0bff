import { createWriteStream } from 'node:fs';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import copyStreams from 'pg-copy-streams';

/**
 * Streams `COPY (select) TO STDOUT WITH (FORMAT csv, HEADER)` into a local file: the database formats
 * the CSV, Node only moves bytes, so memory stays flat whatever the row count. `onProgress` is called
 * with the number of lines seen so far (approximate when a field holds a newline). `forceQuote` names
 * columns whose every cell is quoted. Returns the row count.
 */
export async function copyCsvToFile(
  client: pg.Client,
  select: string,
  path: string,
  onProgress?: (lines: number) => void,
  forceQuote: string[] = [],
): Promise<number> {
  const quote = forceQuote.length
    ? `, FORCE_QUOTE (${forceQuote.map((c) => `"${c.replace(/"/g, '""')}"`).join(', ')})`
    : '';
  const source = client.query(copyStreams.to(`COPY (${select}) TO STDOUT WITH (FORMAT csv, HEADER${quote})`));
  let lines = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lines++;
      onProgress?.(lines);
      done(null, chunk);
    },
  });
  await pipeline(source, counter, createWriteStream(path));
  return source.rowCount ?? Math.max(lines - 1, 0);
}
