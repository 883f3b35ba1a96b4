import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  type ArgumentsHost,
  Catch,
  type ExceptionFilter,
  Inject,
  Injectable,
  Logger,
  Optional,
} from '@nestjs/common';
import {
  DEFAULT_RESILIENCE_FILTER_OPTIONS,
  PROBLEM_CATALOG_EN,
  RESILIENCE_FILTER_OPTIONS,
  REQUEST_ID_HEADER,
  RequestContext,
  type ProblemDetails,
  type ResilienceFilterOptions,
} from '@nest-resilience/problem-details';
import { PROBLEM_CODES } from '@nest-resilience/resilience';
import { HealthCheckFailedError } from './health-check-failed.error.js';

const CODE = 'DEPENDENCY_UNAVAILABLE';

/**
 * Answers a failed health check (`HealthCheckFailedError`) with the standard envelope, 503
 * `DEPENDENCY_UNAVAILABLE`, `Retry-After` and the health document under `health`, and logs it
 * as one warning line naming the failing checks.
 *
 * Bound to the health routes only. The global envelope filter would log a probe's failure as an
 * unexpected 5xx (with a stack) and record it as a CRITICAL error that raises an alert; but a
 * failing probe is the expected answer while a dependency is down, asked every few seconds by
 * an orchestrator, and the dependency's own outage is already reported where it happens (its
 * breaker's state change, the failed requests).
 */
@Catch(HealthCheckFailedError)
@Injectable()
export class HealthCheckFailedFilter implements ExceptionFilter {
  private readonly logger = new Logger('Health');
  private readonly options: ResilienceFilterOptions;

  constructor(
    @Optional()
    @Inject(RESILIENCE_FILTER_OPTIONS)
    options?: Partial<ResilienceFilterOptions>,
  ) {
    const defined = Object.fromEntries(
      Object.entries(options ?? {}).filter(([, value]) => value !== undefined),
    );
    this.options = { ...DEFAULT_RESILIENCE_FILTER_OPTIONS, ...defined };
  }

  catch(error: HealthCheckFailedError, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const req = http.getRequest<IncomingMessage & { originalUrl?: string }>();
    const res = http.getResponse<ServerResponse>();
    const path = (req.originalUrl ?? req.url ?? '/').split('?', 1)[0] ?? '/';
    const requestId =
      RequestContext.requestId() ??
      String(res.getHeader(REQUEST_ID_HEADER) ?? '');
    this.logger.warn(`${path} failed: ${error.summary}`);
    const { status, category } = PROBLEM_CODES[CODE];
    const message =
      this.options.catalogs.en?.[CODE] ?? PROBLEM_CATALOG_EN[CODE];
    const problem: ProblemDetails = {
      type: `${this.options.problemTypeBaseUri}${CODE.toLowerCase().replaceAll('_', '-')}`,
      title: message.title,
      status,
      detail: message.detail,
      instance: path,
      code: CODE,
      category,
      retryable: true,
      requestId,
      timestamp: new Date().toISOString(),
    };
    const body = JSON.stringify({ ...error.extensions, ...problem });
    res.statusCode = status;
    res.setHeader('Content-Type', 'application/problem+json; charset=utf-8');
    res.setHeader('Content-Length', Buffer.byteLength(body));
    if (requestId) res.setHeader('X-Request-Id', requestId);
    res.setHeader('Retry-After', String(this.options.defaultRetryAfterSeconds));
    res.end(body);
  }
}
