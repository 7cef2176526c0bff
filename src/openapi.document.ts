import type { INestApplication, Type } from '@nestjs/common';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants.js';
import { NestFactory, Reflector, type NestContainer } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import {
  DocumentBuilder,
  getSchemaPath,
  SwaggerModule,
  type OpenAPIObject,
  type OperationObject,
} from '@nestjs/swagger';
import { AppModule } from './app.module.js';
import { ERROR_DESCRIPTIONS, ErrorEnvelope } from './common/api-docs.js';
import { accessOf } from './common/auth.decorators.js';
import { loadConfig } from './config/config.js';

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'] as const;
/** operationIdFactory's mark, replaced once the path is known: `Controller#method`. */
const MARK = '#';

/**
 * The OpenAPI document of the app, from its controllers' metadata. Served at /docs-json and written to
 * openapi.json by `npm run openapi`. The roles (description, 401/403, `security: []`) come from the
 * same @Public/@Roles metadata the guard reads, so the document cannot drift from who may call what.
 */
export function buildOpenApi(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('SmartCrop service')
    .setDescription(
      'Backend of the TV-guide image desk: provider manifests in, operator crops and QA review, nightly exports out. ' +
        'Every JSON response is wrapped in the ResponseModel `{ StatusCode, Message, Data }`; errors carry `Data: null` ' +
        'and, for bad input, `Errors: [{ Field, Message }]`. Sign in with POST /user/Login and use the token with the Authorize button.',
    )
    .setVersion('1.0')
    .addServer('/', 'The service that serves this document')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
    .addSecurityRequirements('bearer')
    .build();
  // a private service: no public licence to link to
  config.info.license = { name: 'Proprietary' };
  const doc = SwaggerModule.createDocument(app, config, {
    operationIdFactory: (controller, method) => `${controller}${MARK}${method}`,
    extraModels: [ErrorEnvelope],
  });
  const controllers = controllerClasses(app);
  const reflector = new Reflector();
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      const [controller, handler] = (op.operationId ?? '').split(MARK);
      const cls = controllers.get(controller);
      const fn = (cls?.prototype as Record<string, (...args: never[]) => unknown> | undefined)?.[handler];
      // (test/common/openapi.spec.ts holds every operation to its rules, and ids to be unique)
      op.operationId = operationIdOf(path);
      if (cls && fn) {
        describeAccess(op, accessOf(reflector, fn, cls));
        answerWithWireStatus(op, method, fn);
      }
      addCommonErrors(op, method);
      multipartForm(op);
    }
  }
  return sorted(doc);
}

/** A second request form (`@ApiExtension('x-multipart-form', schema)`) as its own multipart/form-data content. */
function multipartForm(op: OperationObject): void {
  const ext = op as OperationObject & { 'x-multipart-form'?: object };
  const schema = ext['x-multipart-form'];
  if (!schema || !op.requestBody || !('content' in op.requestBody)) return;
  delete ext['x-multipart-form'];
  op.requestBody.content['multipart/form-data'] = {
    schema,
    encoding: { Request: { contentType: 'application/json' } },
  };
}

function controllerClasses(app: INestApplication): Map<string, Type<unknown>> {
  const container = (app as unknown as { container: NestContainer }).container;
  const out = new Map<string, Type<unknown>>();
  for (const module of container.getModules().values())
    for (const wrapper of module.controllers.values())
      out.set(wrapper.name as string, wrapper.metatype as Type);
  return out;
}

/**
 * Named after the legacy path: a one-word action is prefixed with its controller (`/role/Create` →
 * `roleCreate`, `/user/Login` → `userLogin`), a longer one stands alone (`/image/GetImageInfo` →
 * `getImageInfo`); path parameters read `By<Name>`.
 */
export function operationIdOf(path: string): string {
  const [controller, ...rest] = path.split('/').filter(Boolean);
  const words = rest.flatMap((seg) => {
    const param = /^\{(.+)\}$/.exec(seg);
    return param ? [`By${upperFirst(param[1])}`] : seg.split(/[-_]/).map(upperFirst);
  });
  const action = words.join('');
  const camelWords = action.match(/[A-Z]+[a-z]*|\d+/g)?.length ?? 0;
  const id = camelWords > 1 || !action ? lowerFirst(action || controller) : controller + action;
  return id.replace(/[^A-Za-z0-9]/g, '');
}

const upperFirst = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const lowerFirst = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);

function errorResponse(status: number) {
  return { description: ERROR_DESCRIPTIONS[status], content: errorContent() };
}
const errorContent = () => ({ 'application/json': { schema: { $ref: getSchemaPath(ErrorEnvelope) } } });

function describeAccess(op: OperationObject, access: ReturnType<typeof accessOf>): void {
  const who =
    access === 'public'
      ? 'Public: no token needed.'
      : access === 'any'
        ? 'Roles: any signed-in user.'
        : `Roles: ${access.join(', ')}.`;
  op.description = op.description ? `${op.description}\n\n${who}` : who;
  if (access === 'public') {
    op.security = [];
    return;
  }
  op.responses['401'] ??= errorResponse(401);
  if (access !== 'any') op.responses['403'] ??= errorResponse(403);
}

/**
 * The helpers document the success answer as 200; the wire gives the handler's @HttpCode, else Nest's
 * default (201 for POST). Move the documented answer to the status the wire really gives.
 */
function answerWithWireStatus(op: OperationObject, method: string, fn: object): void {
  const code =
    (Reflect.getMetadata(HTTP_CODE_METADATA, fn) as number | undefined) ?? (method === 'post' ? 201 : 200);
  const documented = Object.keys(op.responses).filter((s) => /^2\d\d$/.test(s));
  if (documented.length !== 1 || documented[0] === String(code)) return;
  op.responses[String(code)] = op.responses[documented[0]];
  delete op.responses[documented[0]];
}

/**
 * Validation answers 400 for any operation with parameters or a body; every POST also goes through the
 * JSON body parser (400 for broken JSON, 413 over BODY_LIMIT) whatever its documented body; any
 * operation can meet an unexpected error (500, logged, with a plain sentence); and every operation but
 * the liveness probe reads the database, so answers 503 with Retry-After while it is away.
 */
function addCommonErrors(op: OperationObject, method: string): void {
  if (method === 'post' || op.parameters?.length || op.requestBody)
    op.responses['400'] ??= errorResponse(400);
  if (method === 'post') op.responses['413'] ??= errorResponse(413);
  op.responses['500'] ??= errorResponse(500);
  if (op.operationId !== 'healthLive') op.responses['503'] ??= errorResponse(503);
}

/** Paths, schemas and response codes in a fixed order, so openapi.json changes only with the API. */
function sorted(doc: OpenAPIObject): OpenAPIObject {
  const byKey = <T>(o: Record<string, T>) =>
    Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  for (const item of Object.values(doc.paths))
    for (const method of METHODS) {
      const op = item[method];
      if (op) op.responses = byKey(op.responses);
    }
  return {
    ...doc,
    paths: byKey(doc.paths),
    components: { ...doc.components, schemas: byKey(doc.components?.schemas ?? {}) },
  };
}

/**
 * The document as `npm run openapi` writes it: the app's module graph in preview mode (no provider is
 * instantiated, so no database, storage or scheduler), with the default configuration.
 */
export async function generateOpenApiJson(): Promise<string> {
  const config = loadConfig({ NODE_ENV: 'development' });
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
    preview: true,
    logger: false,
    abortOnError: false,
  });
  try {
    return `${JSON.stringify(buildOpenApi(app), null, 2)}\n`;
  } finally {
    await app.close();
  }
}
