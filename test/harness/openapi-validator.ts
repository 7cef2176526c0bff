import { Ajv, type ValidateFunction } from 'ajv';
import ajvFormats from 'ajv-formats';
import type { Response, Test } from 'supertest';
import { committedOpenApi } from './openapi-file.js';

/**
 * Every JSON answer a test receives is checked against what the committed `openapi.json` says that
 * operation answers with that status, so each HTTP test checks the description as well as the service.
 * A status the operation does not document, or a body that does not match its schema, fails the test
 * with the operation, status and ajv's errors. Answers outside the described API (`/files/…`, `/docs`,
 * a path in the wrong case that 404s) are not the description's business and pass through.
 */

type Schema = Record<string, unknown>;
interface Operation {
  id: string;
  pattern: RegExp;
  method: string;
  path: string;
  responses: Record<string, { content?: Record<string, { schema?: Schema }> }>;
}

// ajv-formats is CommonJS: its module object is the plugin, which its types call `default`
const addFormats = ajvFormats as unknown as typeof ajvFormats.default;
const INT32 = 2 ** 31;
const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

/** OpenAPI 3.0's `nullable` and `example` as JSON Schema (draft 7) that ajv reads. */
export function toJsonSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(toJsonSchema);
  if (node === null || typeof node !== 'object') return node;
  const out: Schema = {};
  for (const [k, v] of Object.entries(node as Schema)) {
    if (k === 'example' || k === 'nullable') continue;
    out[k] = k === 'properties' ? mapValues(v as Schema) : toJsonSchema(v);
  }
  if ((node as Schema).nullable !== true) return out;
  // `nullable` beside a composition (`allOf: [$ref]`) makes the whole value nullable, as generators read it
  const composed = ['allOf', 'anyOf', 'oneOf', '$ref'].some((k) => k in out);
  if (typeof out.type === 'string' && !composed) {
    out.type = [out.type, 'null'];
    if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...(out.enum as unknown[]), null];
    return out;
  }
  return { anyOf: [out, { type: 'null' }] };
}

const mapValues = (o: Schema) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, toJsonSchema(v)]));

class Description {
  private readonly ajv: Ajv;
  private readonly operations: Operation[] = [];
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(doc: { paths: Record<string, Record<string, unknown>>; components: { schemas: Schema } }) {
    this.ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(this.ajv);
    this.ajv.addFormat('int32', {
      type: 'number',
      validate: (n: number) => Number.isInteger(n) && n >= -INT32 && n < INT32,
    });
    this.ajv.addFormat('int64', { type: 'number', validate: (n: number) => Number.isInteger(n) });
    this.ajv.addFormat('double', { type: 'number', validate: () => true });
    this.ajv.addFormat('binary', { type: 'string', validate: () => true });
    this.ajv.addSchema({ components: { schemas: mapValues(doc.components.schemas) } }, 'openapi');
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const method of METHODS) {
        const op = item[method] as { operationId: string; responses: Operation['responses'] } | undefined;
        if (!op) continue;
        const pattern = new RegExp(`^${path.replace(/\{[^}]+\}/g, '[^/]+')}$`);
        this.operations.push({ id: op.operationId, pattern, method, path, responses: op.responses });
      }
    }
  }

  /** The documented operation a request went to, or undefined for a path the description does not cover. */
  operation(method: string, url: string): Operation | undefined {
    const path = new URL(url, 'http://x').pathname;
    return this.operations.find((o) => o.method === method.toLowerCase() && o.pattern.test(path));
  }

  /** Why an answer departs from the description, or undefined when it agrees. */
  problem(method: string, url: string, res: Pick<Response, 'status' | 'type' | 'body'>): string | undefined {
    const op = this.operation(method, url);
    if (!op) return undefined;
    const where = `${op.id} (${method.toUpperCase()} ${op.path}) answered ${res.status}`;
    const documented = op.responses[String(res.status)];
    if (!documented) return `${where}, which its description does not list`;
    const types = Object.keys(documented.content ?? {});
    if (res.type && types.length > 0 && !types.includes(res.type))
      return `${where} as ${res.type}; its description says ${types.join(' or ')}`;
    const schema = documented.content?.['application/json']?.schema;
    if (res.type !== 'application/json' || !schema) return undefined;
    const key = `${op.id} ${res.status}`;
    let validate = this.compiled.get(key);
    if (!validate) {
      const rewritten = JSON.parse(
        JSON.stringify(toJsonSchema(schema)).replaceAll('"#/components/', '"openapi#/components/'),
      ) as Schema;
      validate = this.ajv.compile(rewritten);
      this.compiled.set(key, validate);
    }
    // a test that reads the JSON as raw text (a byte-for-byte check) still has it validated
    const body: unknown =
      typeof res.body === 'string' || Buffer.isBuffer(res.body) ? JSON.parse(String(res.body)) : res.body;
    if (validate(body)) return undefined;
    const errors = (validate.errors ?? [])
      .slice(0, 8)
      .map((e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
    return `${where} with a body its description does not allow:\n  ${errors.join('\n  ')}\nbody: ${JSON.stringify(body).slice(0, 600)}`;
  }
}

let description: Description | undefined;
/** The committed description, read and compiled once per test file. */
export function openApiDescription(): Description {
  return (description ??= new Description(committedOpenApi<ConstructorParameters<typeof Description>[0]>()));
}

type Agent = Record<(typeof METHODS)[number], (url: string) => Test>;

/**
 * A supertest agent whose every request, when awaited, also checks the answer against the description:
 * the promise rejects with the mismatch, so `await t.http().get(…).expect(200)` fails on drift.
 */
export function validated<T extends object>(agent: T): T {
  return new Proxy(agent, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver) as unknown;
      if (typeof prop !== 'string' || !METHODS.includes(prop) || typeof value !== 'function') return value;
      return (url: string) => checked((value as Agent['get']).call(target, url), prop, url);
    },
  });
}

function checked(test: Test, method: string, url: string): Test {
  const then = test.then.bind(test);
  test.then = ((onFulfilled, onRejected) =>
    then((res: Response) => {
      const problem = openApiDescription().problem(method, url, res);
      if (problem) throw new Error(`the answer does not match openapi.json: ${problem}`);
      return res;
    }).then(onFulfilled, onRejected)) as Test['then'];
  return test;
}
