import { NestFactory } from '@nestjs/core';
import express, { type NextFunction, type Request, type Response } from 'express';
import { ExpressAdapter, type NestExpressApplication } from '@nestjs/platform-express';
import { SwaggerModule } from '@nestjs/swagger';
import { JwtService } from '@nestjs/jwt';
import { Logger } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import { AppModule } from './app.module.js';
import { verifyJsonDepth } from './common/json-depth.js';
import { quietNestBoot } from './common/logger.js';
import type { AppConfig } from './config/config.js';
import { uploadAdmission, UploadBudget, type TokenCheck } from './infra/image/upload-budget.js';
import { FILES_ROUTE } from './infra/storage/disk.storage.js';
import { buildOpenApi } from './openapi.document.js';

/** Where the Swagger UI (and, with `-json`, the OpenAPI document) is served. */
const DOCS_ROUTE = 'docs';

/**
 * Builds the configured application (used by main.ts and by the HTTP tests), without listening. A test may
 * pass `logStream` to read the structured log.
 */
export async function createApp(
  config: AppConfig,
  opts: { logStream?: DestinationStream } = {},
): Promise<NestExpressApplication> {
  // Paths are case-sensitive as the contract spells them (/dashboard/totals is a 404). Express reads the
  // setting once, when its router is created, so it is set on our own instance before Nest adds routes.
  const server = express();
  server.set('case sensitive routing', true);
  const app = await NestFactory.create<NestExpressApplication>(
    AppModule.forRoot(config, opts.logStream),
    new ExpressAdapter(server),
    { bufferLogs: true, bodyParser: false },
  );
  app.useLogger(quietNestBoot(app.get(Logger)));
  // a large body is read only once the memory it will take is reserved (UPLOAD_MEMORY_BUDGET)
  app.use(uploadAdmission(app.get(UploadBudget), bearerTokenCheck(app.get(JwtService))));
  // express.json directly: Nest's useBodyParser reserves `verify`, which checks the depth before parsing
  app.use(express.json({ limit: config.bodyLimit, verify: verifyJsonDepth }));
  app.useBodyParser('urlencoded', { limit: config.bodyLimit, extended: false });
  app.set('query parser', 'simple');
  app.set('trust proxy', config.trustProxy);
  app.disable('x-powered-by');
  // API answers are per user and change with every claim (GetImageInfo is a GET that locks images):
  // no browser or proxy may keep or revalidate them, so no ETag either. Rendition files under /files/
  // and the Swagger UI keep their own caching headers.
  app.set('etag', false);
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (!req.path.startsWith(`${FILES_ROUTE}/`) && !req.path.startsWith(`/${DOCS_ROUTE}`))
      res.setHeader('Cache-Control', 'no-store');
    next();
  });
  SwaggerModule.setup(DOCS_ROUTE, app, () => buildOpenApi(app), {
    jsonDocumentUrl: `${DOCS_ROUTE}-json`,
    swaggerOptions: { persistAuthorization: true },
  });
  return app;
}

/** The signature and expiry of a bearer token (the guard checks the user behind it later). */
function bearerTokenCheck(jwt: JwtService): TokenCheck {
  return async (authorization) => {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
    if (!match) return false;
    return jwt.verifyAsync(match[1]).then(
      () => true,
      () => false,
    );
  };
}
