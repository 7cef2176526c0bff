import pg from 'pg';
import { Logger } from '@nestjs/common';
import { DiscardOnTimeoutClient, jobClientConfig, type DatabaseSettings } from './connection-options.js';

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
 * A connection of its own that will LISTEN on `channel` once started, telling `onPayload` each
 * notification's payload. Not connected yet: the caller keeps it first (so a shutdown during the
 * connect can end it), hears its 'error' and 'end', then calls listenOn().
 */
export function listenerClient(
  db: DatabaseSettings,
  name: string,
  channel: string,
  onPayload: (payload: string | undefined) => void,
): pg.Client {
  const client = new pg.Client({
    connectionString: db.url,
    application_name: name,
    // a frozen server accepts the TCP connection and never answers: give up and retry
    connectionTimeoutMillis: db.connectTimeoutMs,
  });
  client.on('notification', (n) => {
    if (n.channel === channel) onPayload(n.payload);
  });
  return client;
}

/** Connects a listenerClient() and starts listening on its channel (a fixed identifier, never input). */
export async function listenOn(client: pg.Client, channel: string): Promise<void> {
  await client.connect();
  await client.query(`LISTEN ${channel}`);
}
