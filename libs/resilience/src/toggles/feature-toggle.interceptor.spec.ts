import {
  type ArgumentsHost,
  Catch,
  Controller,
  type ExceptionFilter,
  Get,
  Injectable,
  type INestApplication,
  Param,
  UseInterceptors,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import type { Response } from 'express';
import { lastValueFrom, of, type Observable } from 'rxjs';
import request from 'supertest';
import { ErrorClassifier } from '../classification/error-classifier.js';
import { loadResilienceSettings } from '../config/resilience-config.loader.js';
import { Fallback } from '../decorators/fallback.decorator.js';
import { FeatureToggle } from '../decorators/feature-toggle.decorator.js';
import { Retry } from '../decorators/retry.decorator.js';
import { ResilienceModule } from '../resilience.module.js';
import { FeatureToggleInterceptor } from './feature-toggle.interceptor.js';
import { FeatureToggles } from './feature.toggles.js';

const handled: string[] = [];

/** Answers what the classification of an error says, as the envelope filter would. */
@Catch()
@Injectable()
class ClassifyingFilter implements ExceptionFilter {
  constructor(private readonly classifier: ErrorClassifier) {}
  catch(error: unknown, host: ArgumentsHost): void {
    const { status, code, category, retryable } =
      this.classifier.classify(error);
    const feature = (error as { extensions?: { feature?: unknown } }).extensions
      ?.feature;
    host
      .switchToHttp()
      .getResponse<Response>()
      .status(status)
      .json({ status, code, category, retryable, feature });
  }
}

/** Records the order interceptors run in. */
@Injectable()
class TracingInterceptor implements NestInterceptor {
  intercept(
    _context: ExecutionContext,
    next: CallHandler,
  ): Observable<unknown> {
    handled.push('tracing');
    return next.handle();
  }
}

@Controller('shop')
class ShopController {
  @Get('recommendations/:customerId')
  @FeatureToggle('recommendations', { fallback: 'popular' })
  @UseInterceptors(TracingInterceptor)
  recommendations(@Param('customerId') customerId: string) {
    handled.push('recommendations');
    return { items: [`for-${customerId}`] };
  }

  popular(params: { customerId: string }, query: unknown) {
    return { items: ['popular'], customerId: params.customerId, query };
  }

  @Get('reviews')
  @UseInterceptors(TracingInterceptor)
  @Retry('reviews-service')
  @Fallback({ value: ['fallback review'] })
  @FeatureToggle('reviews')
  reviews() {
    handled.push('reviews');
    return ['great'];
  }
}

describe('@FeatureToggle on routes', () => {
  let app: INestApplication;
  let toggles: FeatureToggles;

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [
        ResilienceModule.forRoot({
          settings: loadResilienceSettings({
            config: {
              services: { 'reviews-service': { retry: { maxAttempts: 2 } } },
              features: { recommendations: {}, reviews: {} },
            },
          }),
        }),
      ],
      controllers: [ShopController],
      providers: [{ provide: APP_FILTER, useClass: ClassifyingFilter }],
    }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    await app.init();
    toggles = app.get(FeatureToggles);
  });
  afterAll(() => app.close());
  beforeEach(() => (handled.length = 0));

  it('passes calls through while the feature is on', async () => {
    await toggles.set('recommendations', true, 'test');
    const res = await request(app.getHttpServer())
      .get('/shop/recommendations/c-1')
      .expect(200);
    expect(res.body).toEqual({ items: ['for-c-1'] });
    expect(res.headers['x-feature-disabled']).toBeUndefined();
    expect(handled).toEqual(['tracing', 'recommendations']);
  });

  it("answers from the fallback method with (params, query, body) and says so in a header, while off, ahead of the route's other interceptors", async () => {
    await toggles.set('recommendations', false, 'test');
    const res = await request(app.getHttpServer())
      .get('/shop/recommendations/c-2?page=2')
      .expect(200);
    expect(res.body).toEqual({
      items: ['popular'],
      customerId: 'c-2',
      query: { page: '2' },
    });
    expect(res.headers['x-feature-disabled']).toBe('recommendations');
    expect(handled).toEqual([]);
  });

  it('without a fallback, refuses with 503 FEATURE_DISABLED before any other interceptor or policy runs', async () => {
    await toggles.set('reviews', false, 'test');
    const res = await request(app.getHttpServer())
      .get('/shop/reviews')
      .expect(503);
    expect(res.body).toEqual({
      status: 503,
      code: 'FEATURE_DISABLED',
      category: 'CONFIGURATION',
      retryable: false,
      feature: 'reviews',
    });
    // Not even the resilience @Fallback stands in for a deliberate refusal.
    expect(handled).toEqual([]);

    await toggles.set('reviews', true, 'test');
    await request(app.getHttpServer())
      .get('/shop/reviews')
      .expect(200, ['great']);
    expect(handled).toEqual(['tracing', 'reviews']);
  });

  it('hands a microservice handler its data', async () => {
    await toggles.set('recommendations', false, 'test');
    const interceptor = app.get(FeatureToggleInterceptor);
    const controller = app.get(ShopController);
    const context = {
      getType: () => 'rpc',
      getHandler: () =>
        Object.getOwnPropertyDescriptor(
          ShopController.prototype,
          'recommendations',
        )!.value as Function,
      getClass: () => ShopController,
      switchToRpc: () => ({ getData: () => ({ customerId: 'c-3' }) }),
    } as unknown as ExecutionContext;
    const answer = interceptor.intercept(context, {
      handle: () => of(controller.recommendations('c-3')),
    });
    expect(await lastValueFrom(answer)).toEqual({
      items: ['popular'],
      customerId: 'c-3',
    });
    expect(handled).toEqual([]);
  });
});
