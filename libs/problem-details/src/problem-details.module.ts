import {
  Inject,
  type MiddlewareConsumer,
  Module,
  type NestModule,
} from '@nestjs/common';
import { InMemoryErrorLogStore } from './error-log/in-memory-error-log.store.js';
import { ErrorLogStore } from './error-log/error-log.store.js';
import { NoopUnhandledEventErrorHandler } from './filters/noop-unhandled-event-error.handler.js';
import { RequestTimeoutInterceptor } from './filters/request-timeout.interceptor.js';
import { ResilienceExceptionFilter } from './filters/resilience-exception.filter.js';
import { RESILIENCE_FILTER_OPTIONS } from './filters/resilience-filter.constants.js';
import type { ResilienceFilterOptions } from './filters/resilience-filter-options.interface.js';
import { UnhandledEventErrorHandler } from './filters/unhandled-event-error.handler.js';
import type { ProblemDetailsModuleOptions } from './interfaces/problem-details-module-options.interface.js';
import { RequestContextMiddleware } from './request-context/request-context.middleware.js';
import {
  PROBLEM_DETAILS_EDGE,
  PROBLEM_DETAILS_MODULE_OPTIONS,
  ProblemDetailsConfigurableModule,
} from './problem-details.module-definition.js';

/**
 * The error edge: every error leaves the app as an RFC 9457 problem document (HTTP) or the same
 * envelope (microservices), with request ids, a request timeout and an error log.
 *
 * Opt-in, as `@nestjs/throttler` leaves its guard to the app: `forRoot({ global: true })`
 * installs the exception filter, the request-timeout interceptor and the request-id middleware
 * for every route; without it the module only provides them, for the app to bind where it wants
 * (`@UseFilters(ResilienceExceptionFilter)`, `app.useGlobalFilters(app.get(...))`).
 *
 * @example
 * ```ts
 * ProblemDetailsModule.forRoot({ global: true, production: true, requestTimeoutMs: 10_000 })
 * ```
 */
@Module({
  providers: [
    {
      provide: RESILIENCE_FILTER_OPTIONS,
      inject: [PROBLEM_DETAILS_MODULE_OPTIONS],
      useFactory: ({
        errorLog: _errorLog,
        unhandledEventHandler: _handler,
        ...filter
      }: ProblemDetailsModuleOptions): Partial<ResilienceFilterOptions> =>
        filter,
    },
    {
      provide: ErrorLogStore,
      inject: [PROBLEM_DETAILS_MODULE_OPTIONS],
      useFactory: (options: ProblemDetailsModuleOptions) =>
        options.errorLog ?? new InMemoryErrorLogStore(),
    },
    {
      provide: UnhandledEventErrorHandler,
      inject: [PROBLEM_DETAILS_MODULE_OPTIONS],
      useFactory: (options: ProblemDetailsModuleOptions) =>
        options.unhandledEventHandler ?? new NoopUnhandledEventErrorHandler(),
    },
    ResilienceExceptionFilter,
    RequestTimeoutInterceptor,
  ],
  exports: [
    RESILIENCE_FILTER_OPTIONS,
    ErrorLogStore,
    UnhandledEventErrorHandler,
    ResilienceExceptionFilter,
    RequestTimeoutInterceptor,
  ],
})
export class ProblemDetailsModule
  extends ProblemDetailsConfigurableModule
  implements NestModule
{
  constructor(@Inject(PROBLEM_DETAILS_EDGE) private readonly edge: boolean) {
    super();
  }

  configure(consumer: MiddlewareConsumer): void {
    if (this.edge)
      consumer.apply(RequestContextMiddleware).forRoutes('{*splat}');
  }
}
