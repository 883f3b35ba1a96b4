import type { ClassificationRule } from '@nest-resilience/resilience';
import { redisUnavailableRule } from '../cache/redis-unavailable.rule.js';
import { databaseTimeoutRule } from '../database/database-timeout.rule.js';
import { postgresConnectionLostRule } from '../database/postgres-connection-lost.rule.js';

/** The application's classification rules, tried before the library's own. */
export const APP_CLASSIFICATION_RULES: readonly ClassificationRule[] = [
  redisUnavailableRule,
  postgresConnectionLostRule,
  databaseTimeoutRule,
];
