import { committedOpenApi } from '../harness/openapi-file.js';

/** A JSON Schema node of the description, with `$ref`s resolved. */
export type Schema = {
  type?: string;
  format?: string;
  enum?: unknown[];
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  maxItems?: number;
  nullable?: boolean;
  example?: unknown;
  default?: unknown;
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  allOf?: Schema[];
  $ref?: string;
};

export interface Parameter {
  name: string;
  in: 'query' | 'path';
  required: boolean;
  schema: Schema;
}

/** One operation of `openapi.json`, as the fuzz suite drives it. */
export interface Operation {
  id: string;
  method: 'get' | 'post';
  path: string;
  parameters: Parameter[];
  body?: Schema;
  /** Roles its description names; undefined for public operations, 'any' for every signed-in user. */
  roles?: string[] | 'any';
}

export const ROLES = ['Admin', 'Operator', 'QA'] as const;

interface Document {
  paths: Record<string, Record<string, RawOperation>>;
  components: { schemas: Record<string, Schema> };
}
interface RawOperation {
  operationId: string;
  description?: string;
  security?: unknown[];
  parameters?: (Parameter & { required?: boolean })[];
  requestBody?: { content: Record<string, { schema: Schema }> };
}

/** Resolves `$ref` and flattens `allOf` (the description uses both), recursively. */
function resolve(schema: Schema, doc: Document, depth = 0): Schema {
  if (depth > 20) return schema;
  if (schema.$ref) {
    const name = schema.$ref.replace('#/components/schemas/', '');
    return resolve({ ...doc.components.schemas[name], ...omit(schema, '$ref') }, doc, depth + 1);
  }
  let out: Schema = { ...schema };
  if (schema.allOf) {
    out = omit(out, 'allOf');
    for (const part of schema.allOf) {
      const r = resolve(part, doc, depth + 1);
      out = {
        ...r,
        ...out,
        properties: { ...r.properties, ...out.properties },
        required: [...(r.required ?? []), ...(out.required ?? [])],
      };
    }
  }
  if (out.items) out.items = resolve(out.items, doc, depth + 1);
  if (out.properties)
    out.properties = Object.fromEntries(
      Object.entries(out.properties).map(([k, v]) => [k, resolve(v, doc, depth + 1)]),
    );
  return out;
}

function omit<T extends object>(o: T, key: keyof T): T {
  const copy = { ...o };
  delete copy[key];
  return copy;
}

function rolesOf(op: RawOperation): Operation['roles'] {
  if (Array.isArray(op.security) && op.security.length === 0) return undefined;
  const named = /Roles: ([^.]+)\./.exec(op.description ?? '')?.[1];
  if (!named || named === 'any signed-in user') return 'any';
  return named.split(',').map((r) => r.trim());
}

/** Every operation of the committed description. */
export function operations(): Operation[] {
  const doc = committedOpenApi<Document>();
  return Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, op]) => ({
      id: op.operationId,
      method: method as Operation['method'],
      path,
      parameters: (op.parameters ?? []).map((p) => ({
        name: p.name,
        in: p.in,
        required: p.required ?? false,
        schema: resolve(p.schema, doc),
      })),
      body: op.requestBody ? resolve(op.requestBody.content['application/json'].schema, doc) : undefined,
      roles: rolesOf(op),
    })),
  );
}

/** A value the schema accepts: its example, default, first enum value, or one built from its shape. */
export function validValue(schema: Schema): unknown {
  if (schema.example !== undefined) return schema.example;
  if (schema.default !== undefined) return schema.default;
  if (schema.enum) return schema.enum[0];
  switch (schema.type) {
    case 'integer':
    case 'number':
      return schema.minimum ?? 1;
    case 'boolean':
      return true;
    case 'array':
      return schema.items ? [validValue(schema.items)] : [];
    case 'object':
      return Object.fromEntries(
        Object.entries(schema.properties ?? {})
          .filter(([k]) => schema.required?.includes(k))
          .map(([k, v]) => [k, validValue(v)]),
      );
    default:
      return 'x'.repeat(Math.max(1, schema.minLength ?? 1));
  }
}
