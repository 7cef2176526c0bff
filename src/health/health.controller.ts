import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService } from '@nestjs/terminus';
import { Public } from '../common/auth.decorators.js';
import { DatabaseHealthIndicator } from './database.health.js';
import { toReadyDto, type ReadyDto } from './health.wire.js';
import { MigrationsHealthIndicator } from './migrations.health.js';

@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly db: DatabaseHealthIndicator,
    private readonly migrations: MigrationsHealthIndicator,
  ) {}

  @Get('live')
  @ApiOperation({ summary: 'The process is up (no dependencies checked). Public.' })
  live(): { Status: string } {
    return { Status: 'ok' };
  }

  @Get('ready')
  @HealthCheck()
  @ApiOperation({
    summary:
      'The database answers a ping within 1 s and every migration is applied (503 otherwise, within about 2 s). Public.',
  })
  async ready(): Promise<ReadyDto> {
    return toReadyDto(await this.health.check([() => this.db.check(), () => this.migrations.check()]));
  }
}
