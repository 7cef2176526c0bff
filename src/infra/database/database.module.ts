import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { migrations } from '../../../migrations/index.js';
import type { AppConfig } from '../../config/config.js';
import { APP_CONFIG } from '../../config/config.module.js';
import { AdvisoryLock } from './advisory-lock.js';
import { requestPoolOptions } from './connection-options.js';
import { PreparedStatements } from './prepared-statements.js';

/**
 * Pending migrations run first, on a connection of their own without the request pool's statement limits
 * (a migration may rewrite a large table), each in its own transaction.
 */
async function migrateThenConnect(options: DataSourceOptions): Promise<DataSource> {
  const extra = (options.extra ?? {}) as { connectionTimeoutMillis?: number };
  const migrator = new DataSource({
    ...options,
    extra: {
      max: 1,
      application_name: 'smartcrop-migrate',
      connectionTimeoutMillis: extra.connectionTimeoutMillis,
    },
  });
  await migrator.initialize();
  try {
    await migrator.runMigrations({ transaction: 'each' });
  } finally {
    await migrator.destroy();
  }
  return new DataSource(options).initialize();
}

/**
 * TypeORM over `pg`. The schema only ever changes through migrations/ (never `synchronize`). The pool is
 * kept small on purpose: on a 2-core database more connections only add contention (see
 * bench/claim.bench.ts); requests queue in Node, for at most DB_CONNECT_TIMEOUT_MS, and every statement
 * has a limit (connection-options.ts), so a database that is away is a quick 503, never a hang.
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
        migrationsRun: false,
        extra: requestPoolOptions(config.database),
        // TypeORM's own error log prints failed queries with their parameters (a password hash, say);
        // errors reach the exception filter instead, which logs them without parameters
        logging: false,
      }),
      dataSourceFactory: (options) => migrateThenConnect(options!),
    }),
  ],
  providers: [AdvisoryLock, PreparedStatements],
  exports: [AdvisoryLock, PreparedStatements],
})
export class DatabaseModule {}
