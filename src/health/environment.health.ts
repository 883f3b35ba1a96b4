import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import {
  HealthIndicatorService,
  type HealthIndicatorResult,
} from '@nestjs/terminus';

/**
 * Settings a production instance must be given: without them it would run on embedded
 * stand-ins (an SQLite file, per-process state, a random admin token) that are fine for a
 * laptop and wrong behind a load balancer.
 */
export const PRODUCTION_REQUIRED_ENV = [
  'DATABASE_URL',
  'REDIS_URL',
  'ADMIN_TOKEN',
] as const;

/**
 * Terminus indicator of the required environment values (the roadside assistance seed's
 * check): `down`, naming the missing variables but never showing a value, when one is unset or
 * empty. Required: `extra`, plus {@link PRODUCTION_REQUIRED_ENV} when `NODE_ENV` is
 * `production`. Synchronous and local, so it needs no timeout.
 */
@Injectable()
export class EnvironmentHealthIndicator {
  constructor(
    private readonly health: HealthIndicatorService,
    private readonly config: ConfigService,
  ) {}

  /**
   * @param key key of the indicator in the result @default 'environment'
   * @param extra variables required in every environment
   */
  isHealthy<const Key extends string = 'environment'>(
    key: Key = 'environment' as Key,
    extra: readonly string[] = [],
  ): HealthIndicatorResult<Key> {
    const production = this.config.get<string>('NODE_ENV') === 'production';
    const required = [...extra, ...(production ? PRODUCTION_REQUIRED_ENV : [])];
    const missing = required.filter((name) => !this.config.get<string>(name));
    const indicator = this.health.check(key);
    return missing.length === 0
      ? indicator.up({ required })
      : indicator.down({ required, missing });
  }
}
