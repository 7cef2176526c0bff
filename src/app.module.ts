import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR, APP_PIPE } from '@nestjs/core';
import { ScheduleModule } from '@nestjs/schedule';
import { LoggerModule } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import { AuthModule } from './auth/auth.module.js';
import { AuthGuard } from './auth/auth.guard.js';
import { BatchJobModule } from './batchjob/batchjob.module.js';
import { EnvelopeInterceptor } from './common/envelope.interceptor.js';
import { AllExceptionsFilter } from './common/exception.filter.js';
import { loggerOptions } from './common/logger.js';
import { AppValidationPipe } from './common/validation.pipe.js';
import type { AppConfig } from './config/config.js';
import { AppConfigModule } from './config/config.module.js';
import { DumpDataModule } from './dumpdata/dumpdata.module.js';
import { FilewatcherModule } from './filewatcher/filewatcher.module.js';
import { HealthModule } from './health/health.module.js';
import { DatabaseModule } from './infra/database/database.module.js';
import { JobsModule } from './jobs/jobs.module.js';
import { MetricsModule } from './metrics/metrics.module.js';
import { TransferModule } from './infra/transfer/transfer.module.js';
import { JobSchedulerModule } from './scheduler/scheduler.module.js';
import { SmartCropModule } from './smartcrop/smartcrop.module.js';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig, logStream?: DestinationStream): DynamicModule {
    return {
      module: AppModule,
      imports: [
        AppConfigModule.forRoot(config),
        LoggerModule.forRoot(loggerOptions(config, logStream)),
        ScheduleModule.forRoot(),
        DatabaseModule,
        MetricsModule,
        HealthModule,
        AuthModule,
        JobsModule,
        TransferModule,
        // the order of the domains is the order of the routes in openapi.json
        BatchJobModule,
        DumpDataModule,
        FilewatcherModule,
        JobSchedulerModule,
        SmartCropModule,
      ],
      providers: [
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_PIPE, useClass: AppValidationPipe },
        { provide: APP_INTERCEPTOR, useClass: EnvelopeInterceptor },
        { provide: APP_FILTER, useClass: AllExceptionsFilter },
      ],
    };
  }
}
