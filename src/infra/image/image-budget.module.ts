import { Module } from '@nestjs/common';
import type { AppConfig } from '../../config/config.js';
import { APP_CONFIG } from '../../config/config.module.js';
import { ImageBudget } from './image-budget.js';
import { UploadBudget } from './upload-budget.js';

/**
 * The one image budget (decodes at once) and upload budget (memory of bodies in flight) of the process;
 * import this module wherever images are decoded. The upload budget's middleware is installed by
 * app.factory.ts, before the body parsers.
 */
@Module({
  providers: [
    ImageBudget,
    {
      provide: UploadBudget,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) =>
        new UploadBudget(config.workflow.uploadMemoryBudget, config.workflow.uploadQueueTimeoutMs),
    },
  ],
  exports: [ImageBudget, UploadBudget],
})
export class ImageBudgetModule {}
