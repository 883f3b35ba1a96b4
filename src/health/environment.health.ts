import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import {
  HealthIndicatorService,
  type HealthIndicatorResult,
} from '@nestjs/terminus';
import { PRODUCTION_REQUIREMENTS } from '../config/app.config.js';

/**
 * Terminus indicator of the required environment values (the roadside assistance seed's
 * check): `down`, naming the missing variables but never showing a value, when one is unset or
 * empty. Required: `extra`, plus {@link PRODUCTION_REQUIREMENTS} when `NODE_ENV` is
 * `production` (each met by one of its variables: `ADMIN_TOKEN or ADMIN_TOKENS`; the start
 * already refuses a production instance without them, so there this only confirms it).
 * Synchronous and local, so it needs no timeout.
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
    const groups: readonly (readonly string[])[] = [
      ...extra.map((name) => [name]),
      ...(production ? PRODUCTION_REQUIREMENTS : []),
    ];
    const required = groups.map((names) => names.join(' or '));
    const missing = groups
      .filter((names) => names.every((name) => !this.config.get<string>(name)))
      .map((names) => names.join(' or '));
    const indicator = this.health.check(key);
    return missing.length === 0
      ? indicator.up({ required })
      : indicator.down({ required, missing });
  }
}
