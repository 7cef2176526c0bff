import createClient, { type Client } from 'openapi-fetch';
import type { paths } from './openapi.js';

/**
 * A desk day through a client generated from openapi.json (openapi-typescript types, openapi-fetch
 * calls): every path, parameter, body and answer below is typed by the description alone, so a route,
 * field or type the description gets wrong does not compile (`tsc` in desk.spec.ts) or fails here.
 */
export interface DeskSetup {
  baseUrl: string;
  admin: { EmailID: string; Password: string };
  /** A folder holding one manifest of the PressSite provider, whose images the service can fetch. */
  inbox: string;
  providerName: string;
}

export interface DeskDay {
  ingestedRows: number;
  claimed: number;
  renditionsSaved: number;
  qaReviewed: number;
  exportedRenditions: number;
  exportFiles: string[];
}

type Desk = Client<paths>;

type Answer = { data?: { Data: unknown }; error?: unknown; response: Response };

/** The answer's `Data`, or an error naming the operation, its status and the envelope's message. */
function dataOf<R extends Answer>(what: string, r: R): NonNullable<R['data']>['Data'] {
  if (r.data === undefined)
    throw new Error(`${what}: ${r.response.status} ${JSON.stringify(r.error ?? null).slice(0, 300)}`);
  return r.data.Data;
}

interface Person {
  desk: Desk;
  userId: number;
}

async function signIn(setup: DeskSetup, who: { EmailID: string; Password: string }): Promise<Person> {
  const { baseUrl } = setup;
  const anonymous = createClient<paths>({ baseUrl });
  const login = dataOf('login', await anonymous.POST('/user/Login', { body: who }));
  const headers = { Authorization: `${login.TokenType} ${login.Token}` };
  return { desk: createClient<paths>({ baseUrl, headers }), userId: login.User.UserId };
}

export async function runDesk(setup: DeskSetup): Promise<DeskDay> {
  const { desk: admin } = await signIn(setup, setup.admin);
  const password = 'generated-client-passphrase-42';
  const people = {} as Record<'Operator' | 'QA', Person>;
  for (const role of ['Operator', 'QA'] as const) {
    const EmailID = `${role.toLowerCase()}.client@desk.tv`;
    dataOf(
      `register ${role}`,
      await admin.POST('/user/Register', {
        body: { EmailID, FirstName: role, LastName: 'Client', Password: password, Role: role },
      }),
    );
    people[role] = await signIn(setup, { EmailID, Password: password });
  }

  const ingest = dataOf(
    'run-local',
    await admin.POST('/filewatcher/run-local', { params: { query: { folder_path: setup.inbox } } }),
  );
  if (!('RowsInserted' in ingest)) throw new Error('run-local answered 202 although it was asked to wait');

  const ratios = dataOf('aspect ratios', await people.Operator.desk.GET('/lookup/GetAspectRatioLookup'));
  const claimed = dataOf(
    'claim',
    await people.Operator.desk.GET('/image/GetImageInfo', {
      params: { query: { providerName: setup.providerName, user: people.Operator.userId } },
    }),
  );
  let renditionsSaved = 0;
  for (const image of claimed) {
    const width = image.Width ?? 1920;
    const height = image.Height ?? 1080;
    // the largest centred rectangle of each ratio's shape, cut by the service from the source image
    const Crops = ratios.map((r) => {
      const scale = Math.min(width / r.Width, height / r.Height);
      const w = Math.floor(r.Width * scale);
      const h = Math.floor(r.Height * scale);
      return {
        AspectRatioId: r.Id,
        X: Math.floor((width - w) / 2),
        Y: Math.floor((height - h) / 2),
        Width: w,
        Height: h,
      };
    });
    const saved = dataOf(
      `save ${image.ImageId}`,
      await people.Operator.desk.POST('/image/SaveCropedImages', {
        body: { ProgramId: image.ProgramId, ImageId: image.ImageId, Crops },
      }),
    );
    renditionsSaved += saved.Crops.length;
  }
  const programmes = [...new Set(claimed.map((i) => i.ProgramId))];
  for (const programId of programmes)
    dataOf(
      `hand over ${programId}`,
      await people.Operator.desk.GET('/image/UpdateStatus', { params: { query: { programId, status: 2 } } }),
    );

  const review = dataOf(
    'QA claim',
    await people.QA.desk.GET('/image/GetImageInfo', {
      params: { query: { providerName: setup.providerName, user: people.QA.userId } },
    }),
  );
  for (const programId of new Set(review.map((i) => i.ProgramId))) {
    const renditions = dataOf(
      `QA read ${programId}`,
      await people.QA.desk.GET('/image/GetCroppedImageInfo', {
        params: { query: { programId, user: people.QA.userId, includeImageData: false } },
      }),
    );
    if (renditions.length === 0) throw new Error(`QA sees no renditions of programme ${programId}`);
    dataOf(
      `approve ${programId}`,
      await people.QA.desk.GET('/image/UpdateStatus', { params: { query: { programId, status: 3 } } }),
    );
  }

  const batch = dataOf(
    'batch export',
    await admin.POST('/batchjob/run', { params: { query: { wait: true } } }),
  );
  if (!('Rows' in batch)) throw new Error('batchjob/run answered 202 although it was asked to wait');
  return {
    ingestedRows: ingest.RowsInserted,
    claimed: claimed.length,
    renditionsSaved,
    qaReviewed: review.length,
    exportedRenditions: batch.Rows,
    exportFiles: batch.Files,
  };
}
