import { Global, Module, type DynamicModule } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import type { AppConfig } from './config.js';

/** Injection token for the validated, typed AppConfig (see config.ts). */
export const APP_CONFIG = Symbol('APP_CONFIG');

/**
 * Configuration is validated once, before Nest starts (main.ts), so a bad value stops the process
 * with one line. The result is offered both as the typed APP_CONFIG object and through
 * @nestjs/config's ConfigService (`config.get('workflow.lockTtlMinutes')`).
 */
@Global()
@Module({})
export class AppConfigModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppConfigModule,
      imports: [
        ConfigModule.forRoot({
          isGlobal: true,
          ignoreEnvFile: true,
          ignoreEnvVars: true,
          load: [() => config],
        }),
      ],
      providers: [{ provide: APP_CONFIG, useValue: config }],
      exports: [APP_CONFIG],
    };
  }
}
