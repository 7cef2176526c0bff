import { Global, Module } from '@nestjs/common';
import type { AppConfig } from '../../config/config.js';
import { APP_CONFIG } from '../../config/config.module.js';
import { createTransfer } from './transfer.factory.js';
import { Transfer } from './transfer.js';

/** Provides the configured export Transfer (folder, S3 or SFTP). */
@Global()
@Module({
  providers: [{ provide: Transfer, inject: [APP_CONFIG], useFactory: (c: AppConfig) => createTransfer(c) }],
  exports: [Transfer],
})
export class TransferModule {}
