import { ApiProperty } from '@nestjs/swagger';

export class HealthLiveDto {
  @ApiProperty({ example: 'ok' }) status!: string;
}

class HealthIndicatorDto {
  @ApiProperty({ enum: ['up', 'down'], example: 'up' }) status!: string;
}

const INDICATORS = {
  type: 'object',
  additionalProperties: { $ref: '#/components/schemas/HealthIndicatorDto' },
  example: { database: { status: 'up' }, migrations: { status: 'up' } },
} as const;

/** Terminus' HealthCheckResult: one entry per indicator (database, migrations). */
export class HealthReadyDto {
  @ApiProperty({ enum: ['ok'], example: 'ok' }) status!: string;
  @ApiProperty({ ...INDICATORS, description: 'The indicators that are up' }) info!: object;
  @ApiProperty({ ...INDICATORS, example: {}, description: 'The indicators that are down (empty when ready)' })
  error!: object;
  @ApiProperty({ ...INDICATORS, description: 'Every indicator' }) details!: object;
}

export { HealthIndicatorDto };
