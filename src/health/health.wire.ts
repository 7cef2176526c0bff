import type { HealthCheckResult } from '@nestjs/terminus';

type Wire = string | number | boolean | null | Wire[] | { [key: string]: Wire };

/** Terminus speaks camelCase (`status`, `info`, `database`); the wire is PascalCase at every depth. */
export function pascalKeys(value: unknown): Wire {
  if (Array.isArray(value)) return value.map(pascalKeys);
  if (value === null || typeof value !== 'object') return value as Wire;
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>).map(([k, v]) => [
      k.charAt(0).toUpperCase() + k.slice(1),
      pascalKeys(v),
    ]),
  );
}

/** `/health/ready`'s Data: `{ Status, Info, Error, Details }`, each check keyed by its PascalCase name. */
export interface ReadyDto {
  Status: 'ok' | 'error' | 'shutting_down';
  Info?: Record<string, { Status: string }>;
  Error?: Record<string, { Status: string }>;
  Details: Record<string, { Status: string }>;
}

export function toReadyDto(result: HealthCheckResult): ReadyDto {
  return pascalKeys(result) as unknown as ReadyDto;
}
