import { Controller, Get } from '@nestjs/common';
import { ApiExtraModels, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiEnvelope, ApiErrors } from '../common/api-docs.js';
import {
  HealthCheck,
  HealthCheckService,
  TypeOrmHealthIndicator,
  type HealthCheckResult,
} from '@nestjs/terminus';
import { Public } from '../common/auth.decorators.js';
import { HealthIndicatorDto, HealthLiveDto, HealthReadyDto } from './health.dto.js';
import { MigrationsHealthIndicator } from './migrations.health.js';

@ApiTags('health')
@ApiExtraModels(HealthIndicatorDto)
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly db: TypeOrmHealthIndicator,
    private readonly migrations: MigrationsHealthIndicator,
  ) {}

  @Get('live')
  @ApiOperation({ summary: 'The process is up (no dependencies checked).' })
  @ApiEnvelope(HealthLiveDto)
  live(): { status: string } {
    return { status: 'ok' };
  }

  @Get('ready')
  @ApiOperation({ summary: 'The database answers and every migration is applied (503 otherwise).' })
  @ApiEnvelope(HealthReadyDto)
  @ApiErrors([503, 'The database does not answer or a migration is pending'])
  @HealthCheck({ swaggerDocumentation: false }) // the envelope is documented above instead
  ready(): Promise<HealthCheckResult> {
    return this.health.check([
      () => this.db.pingCheck('database', { timeout: 2000 }),
      () => this.migrations.check(),
    ]);
  }
}
