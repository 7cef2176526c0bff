import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import S3rver from 's3rver';

export interface S3Fixture {
  endpoint: string;
  port: number;
  accessKeyId: string;
  secretAccessKey: string;
  region: string;
  client: S3Client;
  /** Environment for the app: S3 storage and credentials pointing at this server. */
  env(bucket: string): Record<string, string>;
  createBucket(name: string): Promise<void>;
  /** Stops the server (an outage); start() brings it back on the same port with the same data. */
  stop(): Promise<void>;
  start(): Promise<void>;
  close(): Promise<void>;
}

/**
 * A real S3-protocol server (s3rver) on loopback over a temp dir. Its list pagination needs Node's
 * --openssl-legacy-provider under OpenSSL 3, which `npm test` passes.
 */
export async function startS3(): Promise<S3Fixture> {
  const dir = mkdtempSync(join(tmpdir(), 'smartcrop-s3-'));
  let server: S3rver | undefined;
  let port = 0;
  const launch = async () => {
    server = new S3rver({
      address: '127.0.0.1',
      port,
      directory: dir,
      silent: true,
      allowMismatchedSignatures: true,
    });
    const address = await server.run();
    port = address.port;
  };
  await launch();
  const endpoint = `http://127.0.0.1:${port}`;
  const credentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
  const client = new S3Client({ endpoint, region: 'us-east-1', forcePathStyle: true, credentials });
  const fixture: S3Fixture = {
    endpoint,
    port,
    ...credentials,
    region: 'us-east-1',
    client,
    env: (bucket) => ({
      S3_BUCKET: bucket,
      S3_ENDPOINT: endpoint,
      S3_REGION: 'us-east-1',
      S3_ACCESS_KEY_ID: credentials.accessKeyId,
      S3_SECRET_ACCESS_KEY: credentials.secretAccessKey,
      S3_FORCE_PATH_STYLE: 'true',
    }),
    createBucket: async (name) => {
      await client.send(new CreateBucketCommand({ Bucket: name }));
    },
    stop: async () => {
      await server?.close();
      server = undefined;
    },
    start: launch,
    close: async () => {
      client.destroy();
      await server?.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return fixture;
}
