import { NestFactory } from '@nestjs/core';
import type { NextFunction, Request, Response } from 'express';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module.js';
import type { AppConfig } from './config/config.js';
import { FILES_ROUTE } from './infra/storage/disk.storage.js';
import { buildOpenApi } from './openapi.document.js';

/** Where the Swagger UI (and, with `-json`, the OpenAPI document) is served. */
const DOCS_ROUTE = 'docs';

/** Builds the configured application (used by main.ts and by the HTTP tests), without listening. */
export async function createApp(config: AppConfig): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
    bufferLogs: true,
    bodyParser: false,
  });
  app.useLogger(app.get(Logger));
  app.useBodyParser('json', { limit: config.bodyLimit });
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
