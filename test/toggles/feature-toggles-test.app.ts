import type { AddressInfo } from 'node:net';
import { Controller, Get, Injectable, Module, Param } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { ProblemDetailsModule } from '@nest-resilience/problem-details';
import {
  AdminAuditController,
  FeatureToggle,
  FeatureToggleAdminController,
  isDegraded,
  loadResilienceSettings,
  ResilienceModule,
} from '@nest-resilience/resilience';
import type { CacheConfig } from '../../src/cache/cache.config.js';
import { APP_CLASSIFICATION_RULES } from '../../src/config/classification-rules.constants.js';
import { createFeatureToggleStore } from '../../src/toggles/feature-toggle-store.factory.js';
import { CapturingLogger } from '../envelope/capturing.logger.js';
import { startTestApp } from '../support/test-app.js';

/** Redis of the tests (`docker compose up -d` starts it). */
export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
export const ADMIN_TOKEN = 'toggles-admin-token-0123456789';
export const admin = { Authorization: `Bearer ${ADMIN_TOKEN}` };

/** Recommendations, a provider method behind a toggle with a fallback. */
@Injectable()
export class RecommendationService {
  calls = 0;

  @FeatureToggle('recommendations', { fallback: 'bestSellers' })
  async forCustomer(customerId: string): Promise<{ items: string[] }> {
    this.calls++;
    return { items: [`picked-for-${customerId}`] };
  }

  bestSellers(): { items: string[] } {
    return { items: ['best-seller-1', 'best-seller-2'] };
  }
}

@Controller('shop')
class ShopController {
  constructor(private readonly recommendations: RecommendationService) {}

  /** Whatever the service answered, and whether that was its fallback. */
  @Get('recommendations/:customerId')
  async recommend(@Param('customerId') customerId: string) {
    const result = await this.recommendations.forCustomer(customerId);
    return { ...result, degraded: isDegraded(result) };
  }

  /** A route behind a toggle without fallback: 503 FEATURE_DISABLED while off. */
  @Get('reviews')
  @FeatureToggle('reviews')
  reviews() {
    return { reviews: ['great'] };
  }

  /** A route behind a toggle with a fallback. */
  @Get('banner')
  @FeatureToggle('seasonal-banner', { fallback: () => ({ banner: null }) })
  banner() {
    return { banner: 'Winter sale' };
  }
}

/** A running instance and what the specs look at. */
export interface ToggleTestApp {
  app: NestExpressApplication;
  url: string;
  logger: CapturingLogger;
  close(): Promise<void>;
}

/**
 * Starts one instance of a small shop wired as `AppModule` wires the toggles: the toggles of
 * the configuration, the app's toggle store (Redis at `redisUrl` under `keyPrefix`, so
 * instances given the same prefix share it), the admin and audit routes, the envelope filter,
 * through `configureApp`, listening on a loopback port.
 */
export async function startToggleApp(options: {
  keyPrefix: string;
  redisUrl?: string;
}): Promise<ToggleTestApp> {
  const logger = new CapturingLogger();
  const cache: CacheConfig = {
    redisUrl: options.redisUrl ?? REDIS_URL,
    commandTimeoutMs: 200,
    connectTimeoutMs: 1_000,
    maxReconnectDelayMs: 200,
    keyPrefix: options.keyPrefix,
  };

  @Module({
    imports: [
      ResilienceModule.forRoot({
        settings: loadResilienceSettings({
          config: {
            features: {
              recommendations: { description: 'Picked for the customer' },
              reviews: {},
              'seasonal-banner': { enabled: true },
            },
          },
        }),
        admin: { token: ADMIN_TOKEN },
        classificationRules: [...APP_CLASSIFICATION_RULES],
        features: { store: createFeatureToggleStore(cache) },
      }),
      ProblemDetailsModule.forRoot({ global: true, production: false }),
    ],
    controllers: [
      ShopController,
      FeatureToggleAdminController,
      AdminAuditController,
    ],
    providers: [RecommendationService],
  })
  class ToggleTestModule {}

  const app = await startTestApp(ToggleTestModule, { logger, listen: true });
  const { port } = app.getHttpServer().address() as AddressInfo;
  return {
    app,
    url: `http://127.0.0.1:${port}`,
    logger,
    close: () => app.close(),
  };
}
