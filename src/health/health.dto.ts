import { ApiProperty } from '@nestjs/swagger';

export class HealthLiveDto {
  @ApiProperty({ example: 'ok' }) Status!: string;
}

class HealthIndicatorDto {
  @ApiProperty({ enum: ['up', 'down'], example: 'up' }) Status!: string;
}

const INDICATORS = {
  type: 'object',
  additionalProperties: { $ref: '#/components/schemas/HealthIndicatorDto' },
  example: { Database: { Status: 'up' }, Migrations: { Status: 'up' } },
} as const;

/** Terminus' HealthCheckResult with PascalCase keys at every depth (health.wire.ts): one entry per check. */
export class HealthReadyDto {
  @ApiProperty({ enum: ['ok'], example: 'ok' }) Status!: string;
  @ApiProperty({ ...INDICATORS, description: 'The checks that are up' }) Info!: object;
  @ApiProperty({ ...INDICATORS, example: {}, description: 'The checks that are down (empty when ready)' })
  Error!: object;
  @ApiProperty({ ...INDICATORS, description: 'Every check' }) Details!: object;
}

export { HealthIndicatorDto };
