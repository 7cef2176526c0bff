import { createWriteStream } from 'node:fs';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import copyStreams from 'pg-copy-streams';
import { Logger } from '@nestjs/common';
import {
  DiscardOnTimeoutClient,
  jobClientConfig,
  type DatabaseSettings,
} from '../database/connection-options.js';

const logger = new Logger('Database');

/**
 * A dedicated connection (outside the pool) for long COPY streams and the work around them. A connection
 * lost while idle (the database restarting between two statements of a job) is logged, not thrown: an
 * unheard 'error' event would end the process, and the job's next statement fails on its own. Its
 * statements have the jobs' own limit (DB_JOB_STATEMENT_TIMEOUT_MS), not the request pool's.
 */
export async function connectDedicated(db: DatabaseSettings, name: string): Promise<pg.Client> {
  const client = new DiscardOnTimeoutClient(jobClientConfig(db, name));
  client.on('error', (err) => logger.warn(`${name}: database connection lost (${err.message})`));
  await client.connect();
  return client;
}

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
  try {
    await pipeline(source, counter, createWriteStream(path));
  } finally {
    settleReadTimeout(source);
  }
  return source.rowCount ?? Math.max(lines - 1, 0);
}

/**
 * pg arms a read-timeout timer for each query on a client with `query_timeout` and clears it in the
 * query's callback, which it wraps around the submitted object. A COPY stream never calls that callback,
 * so the timer stayed armed for the whole job limit (30 min by default): it kept a stopped process (and
 * jest) alive, and would later fail the connection with "Query read timeout". Calling the wrapper once
 * the stream has ended clears it; its inner callback is pg's no-op.
 */
function settleReadTimeout(query: object): void {
  const { callback } = query as { callback?: (err: Error | null) => void };
  callback?.(null);
}
