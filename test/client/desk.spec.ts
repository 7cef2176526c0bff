import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { clientTypes, CLIENT_TYPES_PATH } from '../../src/openapi.client.js';
import { startTestApp, TEST_PASSWORD, type TestApp } from '../harness/app.js';
import { committedOpenApiText } from '../harness/openapi-file.js';
import { writeManifest } from '../harness/xlsx.js';
import { listen, makeImage, serveBytes } from '../smartcrop/fixtures.js';
import { runDesk } from './desk.flow.js';

const root = join(import.meta.dirname, '../..');

/**
 * A client generated from openapi.json runs the desk: the committed types are what openapi-typescript
 * makes of the committed description today, the flow compiles against them with tsc, and it runs login,
 * ingest, claim, save, hand-over, QA approval and the batch export against the real service.
 */
describe('a client generated from openapi.json', () => {
  it('has its types generated from the committed description (npm run openapi writes both)', async () => {
    const generated = await clientTypes(committedOpenApiText());
    expect(readFileSync(join(root, CLIENT_TYPES_PATH), 'utf8') === generated).toBe(true);
  });

  it('compiles the desk flow with tsc against those types', () => {
    const tsc = join(root, 'node_modules/typescript/bin/tsc');
    expect(() =>
      execFileSync(process.execPath, [tsc, '-p', join(root, 'test/client/tsconfig.json')], {
        encoding: 'utf8',
      }),
    ).not.toThrow();
  }, 60_000);

  describe('against the running service', () => {
    let t: TestApp;
    let source: Awaited<ReturnType<typeof serveBytes>>;
    beforeAll(async () => {
      source = await serveBytes(await makeImage(1920, 1080, 'jpeg'));
      // the source images are served on loopback, which the fetch guard opens only when told
      t = await startTestApp({ FETCH_ALLOW_HOSTS: '127.0.0.1' });
      await listen(t);
    });
    afterAll(async () => {
      await t?.close();
      await source?.close();
    });

    it('runs login → ingest → claim → save crops → hand over → QA approve → batch export', async () => {
      const inbox = join(t.config.filewatcher.ingestRoot, 'client');
      mkdirSync(inbox, { recursive: true });
      await writeManifest(
        join(inbox, 'PS_client.xlsx'),
        ['Program ID', 'Title', 'Episode Title', 'Season', 'Episode', 'Image URL', 'Image Type', 'Language'],
        [
          [8101, 'Client Morning', null, null, null, source.url, 'Poster', 'en'],
          [8101, 'Client Morning', null, null, null, `${source.url}#b`, 'Backdrop', 'en'],
        ],
      );
      const day = await runDesk({
        baseUrl: (await t.app.getUrl()).replace('[::1]', '127.0.0.1'),
        admin: { EmailID: t.config.auth.adminEmail!, Password: TEST_PASSWORD },
        inbox,
        providerName: 'PressSite',
      });
      const ratios: { n: number }[] = await t.db.query(
        `SELECT count(*)::int AS n FROM smartcrop_aspectratio_lookup`,
      );
      expect(day).toEqual({
        ingestedRows: 2,
        claimed: 2,
        renditionsSaved: 2 * ratios[0].n,
        qaReviewed: 2,
        exportedRenditions: 2 * ratios[0].n,
        exportFiles: [expect.stringMatching(/^SmartCrop_\d{8}_\d{6}\.csv$/)],
      });
    }, 60_000);
  });
});
