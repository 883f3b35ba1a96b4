import {
  Inject,
  Injectable,
  Optional,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import { throwError, timeout, type Observable } from 'rxjs';
import { RequestTimeoutError } from './request-timeout.error.js';
import type { ResilienceFilterOptions } from './resilience-filter-options.interface.js';
import {
  RESILIENCE_FILTER_OPTIONS,
  resolveResilienceFilterOptions,
} from './resilience-filter.constants.js';

/**
 * Bounds how long an HTTP handler may take to produce its response (`requestTimeoutMs`,
 * default 30 s, `0` off); past it the request is answered 408 `REQUEST_TIMEOUT` through the
 * exception filter. The handler's work is not cancelled (JavaScript cannot stop it), only its
 * late result discarded, so handlers should bound their own I/O as well.
 *
 * HTTP only: a microservice caller sets its own deadline, and an event has nobody waiting.
 */
@Injectable()
export class RequestTimeoutInterceptor implements NestInterceptor {
  private readonly timeoutMs: number;

  constructor(
    @Optional()
    @Inject(RESILIENCE_FILTER_OPTIONS)
    options?: Partial<ResilienceFilterOptions>,
  ) {
    this.timeoutMs = resolveResilienceFilterOptions(options).requestTimeoutMs;
  }

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (this.timeoutMs <= 0 || context.getType() !== 'http') {
      return next.handle();
    }
    return next.handle().pipe(
      timeout({
        first: this.timeoutMs,
        with: () => throwError(() => new RequestTimeoutError(this.timeoutMs)),
      }),
    );
  }
}
