import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { migrations } from '../../../migrations/index.js';
import type { AppConfig } from '../../config/config.js';
import { APP_CONFIG } from '../../config/config.module.js';
import { AdvisoryLock } from './advisory-lock.js';
import { PreparedStatements } from './prepared-statements.js';

/**
 * TypeORM over `pg`. The schema only ever changes through migrations/ (never `synchronize`); pending
 * migrations are applied at boot, each in its own transaction. The pool is kept small on purpose: on a
 * 2-core database more connections only add contention (see bench/claim.bench.ts); requests queue in Node.
 */
@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        type: 'postgres' as const,
        url: config.database.url,
        autoLoadEntities: true,
        synchronize: false,
        migrations,
        migrationsRun: true,
        migrationsTransactionMode: 'each' as const,
        extra: { max: config.database.poolSize, application_name: 'smartcrop' },
        // TypeORM's own error log prints failed queries with their parameters (a password hash, say);
        // errors reach the exception filter instead, which logs them without parameters
        logging: false,
      }),
    }),
  ],
  providers: [AdvisoryLock, PreparedStatements],
  exports: [AdvisoryLock, PreparedStatements],
})
export class DatabaseModule {}
