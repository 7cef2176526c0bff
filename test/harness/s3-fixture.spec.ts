import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { startS3, type S3Fixture } from './s3.js';

describe('the s3rver fixture', () => {
  let s3: S3Fixture;
  beforeAll(async () => {
    s3 = await startS3();
    await s3.createBucket('fixture');
  });
  afterAll(() => s3.close());

  it('stores, lists (paginated) and serves objects, and survives a stop/start', async () => {
    for (let i = 0; i < 3; i++) {
      await s3.client.send(
        new PutObjectCommand({ Bucket: 'fixture', Key: `a/${i}.txt`, Body: `hello ${i}` }),
      );
    }
    const page = await s3.client.send(
      new ListObjectsV2Command({ Bucket: 'fixture', Prefix: 'a/', MaxKeys: 2 }),
    );
    expect(page.KeyCount).toBe(2);
    expect(page.IsTruncated).toBe(true);
    const next = await s3.client.send(
      new ListObjectsV2Command({
        Bucket: 'fixture',
        Prefix: 'a/',
        ContinuationToken: page.NextContinuationToken,
      }),
    );
    expect(next.Contents?.map((c) => c.Key)).toEqual(['a/2.txt']);

    await s3.stop();
    await expect(
      s3.client.send(new PutObjectCommand({ Bucket: 'fixture', Key: 'down.txt', Body: 'x' })),
    ).rejects.toThrow();
    await s3.start();
    const got = await s3.client.send(new GetObjectCommand({ Bucket: 'fixture', Key: 'a/1.txt' }));
    expect(await got.Body?.transformToString()).toBe('hello 1');
  });
});
