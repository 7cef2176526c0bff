import { generateOpenApiJson, operationIdOf } from '../../src/openapi.document.js';
import { startTestApp } from '../harness/app.js';
import { committedOpenApiText } from '../harness/openapi-file.js';

interface Schema {
  type?: string;
  format?: string;
  example?: unknown;
  nullable?: boolean;
  $ref?: string;
  allOf?: Schema[];
  items?: Schema;
  properties?: Record<string, Schema>;
}
interface Operation {
  operationId: string;
  description?: string;
  security?: unknown[];
  parameters?: { name: string; schema: Schema }[];
  responses: Record<string, { content?: Record<string, { schema: Schema }> }>;
}
interface Doc {
  servers?: { url: string }[];
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
}

const PUBLIC = ['POST /user/Login', 'GET /health/live', 'GET /health/ready'];

describe('the OpenAPI description', () => {
  let json: string;
  let doc: Doc;
  let ops: [string, Operation][];

  beforeAll(async () => {
    json = await generateOpenApiJson();
    doc = JSON.parse(json) as Doc;
    ops = Object.entries(doc.paths).flatMap(([path, item]) =>
      Object.entries(item).map(([m, op]): [string, Operation] => [`${m.toUpperCase()} ${path}`, op]),
    );
  });

  it('is committed as openapi.json exactly as the code generates it (run `npm run openapi`)', () => {
    const committed = committedOpenApiText().split('\n');
    const generated = json.split('\n');
    const at = generated.findIndex((line, i) => line !== committed[i]);
    // the first differing line, not a diff of the whole file
    expect({ line: at + 1, generated: generated[at], committed: committed[at] }).toEqual({
      line: 0,
      generated: undefined,
      committed: undefined,
    });
    expect(committed.length).toBe(generated.length);
  });

  it('is what the running app serves at /docs-json', async () => {
    const t = await startTestApp();
    try {
      const served = await t.http().get('/docs-json').expect(200);
      expect(served.body).toEqual(JSON.parse(json));
    } finally {
      await t.close();
    }
  });

  it('comes out the same twice', async () => {
    expect(await generateOpenApiJson()).toBe(json);
  });

  it('names operations after the legacy path, uniquely', () => {
    expect(operationIdOf('/image/GetImageInfo')).toBe('getImageInfo');
    expect(operationIdOf('/role/Create')).toBe('roleCreate');
    expect(operationIdOf('/rule/Create')).toBe('ruleCreate');
    expect(operationIdOf('/user/Login')).toBe('userLogin');
    expect(operationIdOf('/filewatcher/run-local')).toBe('runLocal');
    expect(operationIdOf('/jobs/runs')).toBe('jobsRuns');
    expect(operationIdOf('/jobs/runs/{RunId}')).toBe('runsByRunId');
    expect(operationIdOf('/metrics')).toBe('metrics');
    expect(operationIdOf('/filewatcher/download-s3')).toBe('downloadS3');
    expect(operationIdOf('/role/QCdisable')).toBe('roleQCdisable');
    expect(operationIdOf('/dashboard/Totals')).toBe('dashboardTotals');
    const ids = ops.map(([, op]) => op.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z][A-Za-z0-9]*$/);
    expect(doc.servers?.length).toBeGreaterThan(0);
  });

  it('gives public operations no padlock and every other one its roles, 401 and (unless open to all) 403', () => {
    expect(ops.filter(([, op]) => op.security?.length === 0).map(([r]) => r)).toEqual(
      expect.arrayContaining(PUBLIC),
    );
    for (const [route, op] of ops) {
      if (PUBLIC.includes(route)) {
        expect({ route, security: op.security, d: op.description }).toEqual({
          route,
          security: [],
          d: expect.stringContaining('Public: no token needed.'),
        });
        continue;
      }
      expect({ route, security: op.security }).toEqual({ route, security: undefined });
      expect({ route, d: op.description }).toEqual({ route, d: expect.stringMatching(/Roles: [^\n]+\.$/) });
      expect({ route, has401: '401' in op.responses }).toEqual({ route, has401: true });
      if (!op.description?.includes('Roles: any signed-in user.'))
        expect({ route, has403: '403' in op.responses }).toEqual({ route, has403: true });
    }
    const d = (route: string) => ops.find(([r]) => r === route)?.[1].description;
    expect(d('GET /image/GetCroppedImageInfo')).toMatch(/Roles: Admin, QA\.$/);
    expect(d('GET /image/GetImageInfo')).toMatch(/Roles: Admin, Operator, QA\.$/);
    expect(d('POST /user/Register')).toMatch(/Roles: Admin\.$/);
  });

  it('answers every operation in the envelope, files aside, and every error with the error envelope', () => {
    const envelope = { $ref: '#/components/schemas/Envelope' };
    for (const [route, op] of ops) {
      // one success answer, with the status the wire gives (@HttpCode; Nest's default is 201 for POST), plus
      // 202 for a job started with ?wait=false, which every wait-taking operation documents too
      const ok = Object.entries(op.responses).filter(([s]) => /^2/.test(s) && s !== '202');
      expect({ route, ok: ok.map(([s]) => s) }).toEqual({ route, ok: [expect.stringMatching(/^20[012]$/)] });
      const waits = op.parameters?.some((p) => p.name === 'wait') ?? false;
      expect({ route, accepted: '202' in op.responses }).toEqual({ route, accepted: waits });
      for (const [, res] of Object.entries(op.responses).filter(([s]) => /^2/.test(s)))
        if (!/DownLoad$/.test(route))
          expect({ route, first: res.content?.['application/json']?.schema.allOf?.[0] }).toEqual({
            route,
            first: envelope,
          });
      const content = ok[0][1].content ?? {};
      if (/DownLoad$/.test(route)) {
        expect(content).toEqual({
          'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': {
            schema: { type: 'string', format: 'binary' },
          },
        });
      } else {
        expect({ route, first: content['application/json']?.schema.allOf?.[0] }).toEqual({
          route,
          first: envelope,
        });
      }
      for (const [status, res] of Object.entries(op.responses).filter(([s]) => /^[45]/.test(s)))
        expect({ route, status, schema: res.content?.['application/json']?.schema }).toEqual({
          route,
          status,
          schema: { $ref: '#/components/schemas/ErrorEnvelope' },
        });
      if (op.parameters?.length)
        expect({ route, has400: '400' in op.responses }).toEqual({ route, has400: true });
    }
  });

  it('types every property with an example, whole numbers as integers with a format', () => {
    const problems: string[] = [];
    const visit = (where: string, s: Schema) => {
      if (s.$ref || s.allOf) return;
      if (s.type === 'number' && s.format !== 'double')
        problems.push(`${where}: number (say integer, or mean it with format double)`);
      if (s.type === 'integer' && !s.format) problems.push(`${where}: integer without format`);
      if (s.type === 'string' && s.format === 'date-time' && typeof s.example !== 'string')
        problems.push(`${where}: date-time without an example`);
      if (s.items) visit(`${where}[]`, s.items);
    };
    for (const [name, schema] of Object.entries(doc.components.schemas))
      for (const [prop, s] of Object.entries(schema.properties ?? {})) {
        if (!('example' in s) && !s.$ref && !s.allOf && !s.items?.$ref)
          problems.push(`${name}.${prop}: no example`);
        visit(`${name}.${prop}`, s);
      }
    for (const [route, op] of ops)
      for (const p of op.parameters ?? []) {
        if (!('example' in p.schema)) problems.push(`${route} ?${p.name}: no example`);
        visit(`${route} ?${p.name}`, p.schema);
      }
    expect(problems).toEqual([]);
  });
});
