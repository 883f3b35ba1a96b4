import type { DynamicModule } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import {
  DEFAULT_SENSITIVE_KEYS,
  DeadLetterModule,
} from '@nest-resilience/dead-letters';
import {
  databaseConfig,
  type DatabaseConfig,
} from '../database/database.config.js';
import {
  deadLetterConfig,
  type DeadLetterConfig,
} from './dead-letter.config.js';

/**
 * The application's dead letter queue: `DeadLetterModule` configured from the `deadLetter` and
 * `database` namespaces, global, encrypting entries at rest with `DLQ_ENCRYPTION_KEY` (and
 * re-encrypting older ones in the background at boot); its store statements go through the `postgres` breaker and retry when
 * the app runs on PostgreSQL. One instance, so the same module object can be imported by the
 * app and by `ProblemDetailsModule.forRootAsync` (for the durable `AlertingErrorLogStore`).
 */
export const deadLetterQueueModule: DynamicModule =
  DeadLetterModule.forRootAsync({
    isGlobal: true,
    imports: [
      ConfigModule.forFeature(deadLetterConfig),
      ConfigModule.forFeature(databaseConfig),
    ],
    inject: [deadLetterConfig.KEY, databaseConfig.KEY],
    useFactory: (settings: DeadLetterConfig, database: DatabaseConfig) => ({
      sensitiveKeys: [
        ...DEFAULT_SENSITIVE_KEYS,
        ...settings.extraSensitiveKeys,
      ],
      encryptionKeys: settings.encryptionKeys,
      // Entries written before the key, or under a key since replaced, are sealed anew.
      reEncryptOnBoot: settings.encryptionKeys.length > 0,
      maxSize: settings.maxSize,
      retentionDays: settings.retentionDays,
      replayConfirmTimeoutMs: settings.replayConfirmTimeoutMs,
      ...(database.kind === 'postgres' ? { storeService: 'postgres' } : {}),
      bulkReplay: {
        defaultRatePerSecond: settings.replayRatePerSecond,
        maxRatePerSecond: settings.replayMaxRatePerSecond,
        heartbeatIntervalMs: settings.replayHeartbeatMs,
        leaseMs: settings.replayLeaseMs,
        takeoverIntervalMs: settings.replayTakeoverIntervalMs,
      },
      alerts: {
        ...(settings.alertWebhookUrl
          ? { webhookUrl: settings.alertWebhookUrl }
          : {}),
        format: settings.alertWebhookFormat,
        deadLetterThreshold: settings.alertThreshold,
      },
    }),
  });
