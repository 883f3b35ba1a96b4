import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import {
  contentTypeMiddleware,
  createValidationPipe,
  RESILIENCE_FILTER_OPTIONS,
  requestContextMiddleware,
  type ResilienceFilterOptions,
} from '@nest-resilience/problem-details';

/** Largest JSON body accepted; larger ones are answered 413 `PAYLOAD_TOO_LARGE`. */
export const BODY_LIMIT_BYTES = 100 * 1024;

/**
 * Everything the application needs besides its modules, shared by `main.ts` and every e2e
 * test so tests run the app users run: request ids first (so even a malformed body's answer
 * carries one), the media-type check and the JSON parser with its size limit, validation
 * answering `VALIDATION_FAILED` with JSON pointers, and shutdown hooks. The envelope filter
 * and the request timeout come from `ProblemDetailsModule.forRoot({ global: true })`; the
 * resilience decorators bind their own interceptor.
 */
export function configureApp(app: INestApplication): INestApplication {
  const errors = app.get<Partial<ResilienceFilterOptions>>(
    RESILIENCE_FILTER_OPTIONS,
  );
  app.use(requestContextMiddleware());
  app.use(contentTypeMiddleware(errors));
  (app as NestExpressApplication).useBodyParser('json', {
    limit: BODY_LIMIT_BYTES,
  });
  app.useGlobalPipes(createValidationPipe());
  app.enableShutdownHooks();
  return app;
}
