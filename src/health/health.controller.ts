import { Controller, Get } from '@nestjs/common';
import { ApiExtraModels, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiEnvelope, ApiErrors } from '../common/api-docs.js';
import { HealthCheck, HealthCheckService } from '@nestjs/terminus';
import { Public } from '../common/auth.decorators.js';
import { DatabaseHealthIndicator } from './database.health.js';
import { HealthIndicatorDto, HealthLiveDto, HealthReadyDto } from './health.dto.js';
import { toReadyDto, type ReadyDto } from './health.wire.js';
import { MigrationsHealthIndicator } from './migrations.health.js';

@ApiTags('health')
@ApiExtraModels(HealthIndicatorDto)
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly db: DatabaseHealthIndicator,
    private readonly migrations: MigrationsHealthIndicator,
  ) {}

  @Get('live')
  @ApiOperation({ summary: 'The process is up (no dependencies checked).' })
  @ApiEnvelope(HealthLiveDto)
  live(): HealthLiveDto {
    return { Status: 'ok' };
  }

  @Get('ready')
  @ApiOperation({
    summary:
      'The database answers a ping within 1 s and every migration is applied (503 otherwise, within about 2 s).',
  })
  @ApiEnvelope(HealthReadyDto)
  @ApiErrors([503, 'The database does not answer or a migration is pending'])
  @HealthCheck({ swaggerDocumentation: false }) // the envelope is documented above instead
  async ready(): Promise<ReadyDto> {
    return toReadyDto(await this.health.check([() => this.db.check(), () => this.migrations.check()]));
  }
}
