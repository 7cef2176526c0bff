import { Global, Inject, Module, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import type { AppConfig } from '../../config/config.js';
import { APP_CONFIG } from '../../config/config.module.js';
import { DiskStorage, FILES_ROUTE } from './disk.storage.js';
import { filesMiddleware } from './files.middleware.js';
import { S3Storage } from './s3.storage.js';
import { Storage } from './storage.js';

/**
 * Provides the one `Storage`: S3 when S3_BUCKET is set, else the local disk served read-only at /files/.
 * The /files middleware runs before the auth guard, so rendition URLs work without a token, as a CDN would.
 */
@Global()
@Module({
  providers: [
    {
      provide: Storage,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig): Storage =>
        config.storage.s3 ? new S3Storage(config) : new DiskStorage(config),
    },
  ],
  exports: [Storage],
})
export class StorageModule implements NestModule {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  configure(consumer: MiddlewareConsumer): void {
    if (this.config.storage.s3) return;
    consumer.apply(filesMiddleware(this.config.storage.dir)).forRoutes(`${FILES_ROUTE.slice(1)}/*path`);
  }
}
