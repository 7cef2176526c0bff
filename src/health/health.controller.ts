import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { Public } from '../common/auth.decorators.js';
import { toReadyDto, type ReadyDto } from './health.wire.js';
import { MigrationsHealthIndicator } from './migrations.health.js';

@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly db: TypeOrmHealthIndicator,
    private readonly migrations: MigrationsHealthIndicator,
  ) {}

  @Get('live')
  @ApiOperation({ summary: 'The process is up (no dependencies checked). Public.' })
  live(): { Status: string } {
    return { Status: 'ok' };
  }

  @Get('ready')
  @HealthCheck()
  @ApiOperation({ summary: 'The database answers and every migration is applied (503 otherwise). Public.' })
  async ready(): Promise<ReadyDto> {
    return toReadyDto(
      await this.health.check([
        () => this.db.pingCheck('database', { timeout: 2000 }),
        () => this.migrations.check(),
      ]),
    );
  }
}
