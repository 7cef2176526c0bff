import fc from 'fast-check';
import { startTestApp, type TestApp, type TestUser } from '../harness/app.js';
import { badJson, badObject, badText, deepBody } from './bad-values.js';
import { operations, ROLES, validValue, type Operation } from './operations.js';

/**
 * The whole surface under generated bad input. For every operation of `openapi.json`, each request
 * breaks one parameter or body field (wrong type, out of range, NUL, too long, not in the enum, nested
 * too deep, missing, extra) and goes out as one of the roles, mostly one the operation admits. Every
 * answer must be a 4xx in the error envelope that the description documents for that operation
 * (the harness's agent checks it against `openapi.json`), come back within the bound, and leave every
 * table as it was: row triggers on every table note any write.
 *
 * Seeded: FUZZ_SEED (default below) reproduces a run, and fast-check prints the seed and path of a
 * failure with its shrunk counterexample. FUZZ_RUNS sets the requests per operation.
 */
const SEED = Number(process.env.FUZZ_SEED ?? 20261202);
const RUNS = Number(process.env.FUZZ_RUNS ?? 70);
const BOUND_MS = 5000;

interface BadRequest {
  role: string | undefined;
  /** What was broken, for the failure message. */
  broken: string;
  path: string;
  query: Record<string, string>;
  body?: unknown;
  rawBody?: string;
}

const allowed = (op: Operation): (string | undefined)[] =>
  op.roles === undefined ? [undefined] : op.roles === 'any' ? [...ROLES] : op.roles;

function roleArb(op: Operation): fc.Arbitrary<string | undefined> {
  const ok = allowed(op);
  const others = op.roles === undefined ? [...ROLES] : ROLES.filter((r) => !ok.includes(r));
  const admitted = fc.constantFrom(...ok);
  return others.length ? fc.oneof({ weight: 4, arbitrary: admitted }, fc.constantFrom(...others)) : admitted;
}

/** The request with every required input valid: each arbitrary then breaks one thing in it. */
function baseline(op: Operation) {
  const path = op.parameters
    .filter((p) => p.in === 'path')
    .reduce((acc, p) => acc.replace(`{${p.name}}`, String(validValue(p.schema))), op.path);
  const query = Object.fromEntries(
    op.parameters
      .filter((p) => p.in === 'query' && p.required)
      .map((p) => [p.name, String(validValue(p.schema))]),
  );
  return { path, query, body: op.body ? validValue(op.body) : undefined };
}

function requestArb(op: Operation): fc.Arbitrary<BadRequest> {
  const base = baseline(op);
  const breaks: fc.Arbitrary<Omit<BadRequest, 'role'>>[] = op.parameters.map((p) =>
    badText(p.schema).map((bad) =>
      p.in === 'path'
        ? { ...base, broken: `path ${p.name}`, path: op.path.replace(`{${p.name}}`, encodeURIComponent(bad)) }
        : { ...base, broken: `query ${p.name}`, query: { ...base.query, [p.name]: bad } },
    ),
  );
  if (op.body) {
    const body = op.body;
    const bad = body.type === 'object' ? badObject(body) : badJson(body);
    breaks.push(bad.map((b) => ({ ...base, broken: 'body', body: b })));
    breaks.push(deepBody(body).map((raw) => ({ ...base, broken: 'body nested too deep', rawBody: raw })));
  }
  return fc.tuple(roleArb(op), fc.oneof(...breaks)).map(([role, req]) => ({ role, ...req }));
}

describe('the whole surface under generated bad input', () => {
  let t: TestApp;
  const users = new Map<string, TestUser>();
  let sent = 0;

  beforeAll(async () => {
    t = await startTestApp();
    for (const role of ROLES) users.set(role, await t.createUser(role));
    // every write to any table from here on leaves a row in fuzz_writes
    await t.db.query(`CREATE TABLE fuzz_writes (tbl text NOT NULL, op text NOT NULL)`);
    await t.db.query(`CREATE FUNCTION fuzz_note() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN INSERT INTO fuzz_writes VALUES (TG_TABLE_NAME, TG_OP); RETURN NULL; END $$`);
    const tables: { name: string }[] = await t.db.query(
      `SELECT quote_ident(tablename) AS name FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'fuzz_writes'`,
    );
    for (const { name } of tables) {
      await t.db.query(
        `CREATE TRIGGER fuzz_rows AFTER INSERT OR UPDATE OR DELETE ON ${name} FOR EACH ROW EXECUTE FUNCTION fuzz_note()`,
      );
      await t.db.query(
        `CREATE TRIGGER fuzz_truncate AFTER TRUNCATE ON ${name} FOR EACH STATEMENT EXECUTE FUNCTION fuzz_note()`,
      );
    }
    expect(tables.length).toBeGreaterThan(10);
  });
  afterAll(async () => {
    // the CI figure the hardening issue asks for: at least 2000 generated requests
    process.stdout.write(`fuzz: ${sent} generated requests (seed ${SEED})\n`);
    await t?.close();
  });

  /** The writes noted since the last call, and clears them. */
  const takeWrites = (): Promise<{ tbl: string; op: string }[]> =>
    t.db.query(`WITH taken AS (DELETE FROM fuzz_writes RETURNING tbl, op) SELECT * FROM taken`);

  async function send(op: Operation, req: BadRequest) {
    let call = t.http()[op.method](req.path).query(req.query);
    if (req.role) call = call.set('Authorization', `Bearer ${users.get(req.role)!.token}`);
    // serialised here: supertest sends a bare string or boolean as it is, not as JSON
    const raw = req.rawBody ?? (req.body === undefined ? undefined : JSON.stringify(req.body));
    if (raw !== undefined) call = call.set('Content-Type', 'application/json').send(raw);
    const started = performance.now();
    const res = await call;
    sent++;
    return { res, ms: performance.now() - started };
  }

  const fuzzed = operations().filter((op) => op.parameters.length > 0 || op.body);
  it.each(fuzzed.map((op) => [op.id, op]))(
    '%s refuses every generated bad input with a documented 4xx and writes nothing',
    async (_id, op) => {
      await fc.assert(
        fc.asyncProperty(requestArb(op), async (req) => {
          const { res, ms } = await send(op, req);
          const writes = await takeWrites();
          const what = `${op.id} as ${req.role ?? 'nobody'}, ${req.broken}: ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`;
          expect({ what, status: res.status >= 400 && res.status < 500 }).toEqual({ what, status: true });
          expect(res.body).toEqual(
            expect.objectContaining({ StatusCode: res.status, Message: expect.any(String), Data: null }),
          );
          expect({ what, writes }).toEqual({ what, writes: [] });
          expect({ what, slow: ms > BOUND_MS }).toEqual({ what, slow: false });
        }),
        { seed: SEED, numRuns: RUNS, endOnFailure: true },
      );
    },
    120_000,
  );

  // operations without inputs: the only thing to get wrong is who asks
  const guarded = operations().filter((op) => Array.isArray(op.roles) && op.roles.length < ROLES.length);
  it.each(guarded.map((op) => [op.id, op]))('%s refuses the roles it does not admit', async (_id, op) => {
    const base = baseline(op);
    for (const role of ROLES.filter((r) => !(op.roles as string[]).includes(r))) {
      const body = op.body ? base.body : undefined;
      const { res } = await send(op, { role, broken: 'role', ...base, body });
      const writes = await takeWrites();
      expect([op.id, role, res.status, res.body?.StatusCode, writes]).toEqual([op.id, role, 403, 403, []]);
    }
  });
});
