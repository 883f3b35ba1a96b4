import {
  Catch,
  Inject,
  Injectable,
  Logger,
  Optional,
  type ArgumentsHost,
  type ExceptionFilter,
} from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { from, ignoreElements, throwError, type Observable } from 'rxjs';
import {
  type ErrorClassification,
  ErrorClassifier,
  isProblemCode,
  PROBLEM_CODES,
} from '@nest-resilience/resilience';
import { ErrorLogStore } from '../error-log/error-log.store.js';
import type { RequestContextState } from '../request-context/request-context.interface.js';
import { RequestContext } from '../request-context/request-context.storage.js';
import { REQUEST_ID_HEADER } from '../request-context/request-id.constants.js';
import { acceptOrCreateRequestId } from '../request-context/request-id.utils.js';
import { readRpcMessage } from '../request-context/rpc-message.reader.js';
import { authenticateChallenge } from './authenticate-challenge.utils.js';
import { ProblemDetailsFactory } from './problem-details.factory.js';
import type { ResilienceFilterOptions } from './resilience-filter-options.interface.js';
import {
  PROBLEM_JSON_MEDIA_TYPE,
  RESILIENCE_FILTER_OPTIONS,
} from './resilience-filter.constants.js';
import { ProblemReporter, type ProblemOrigin } from './problem.reporter.js';
import { UnhandledEventErrorHandler } from './unhandled-event-error.handler.js';

type HttpRequest = IncomingMessage & { originalUrl?: string };

/**
 * The one way errors leave the process: every thrown value, over HTTP or a microservice
 * transport, is classified once by the {@link ErrorClassifier} and answered with the RFC 9457
 * envelope (`ProblemDetails`).
 *
 * - HTTP: `application/problem+json`, status from the classification, `X-Request-Id`,
 *   `Retry-After` (seconds) on retryable 429 / 503 and on `CIRCUIT_OPEN` / `BULKHEAD_FULL`, and
 *   `WWW-Authenticate` on 401 (the error's `authenticateChallenge`, else `Bearer`).
 * - `@MessagePattern`: the reply is the envelope object itself (`throwError(() => envelope)`),
 *   so `ClientProxy#send` subscribers receive it as their error.
 * - `@EventPattern`: nobody waits for a reply; the failure is logged once and handed to the
 *   {@link UnhandledEventErrorHandler}, then counts as handled. Telling events from messages
 *   needs `createRpcRequestContextHook()` registered on the microservice; without it every
 *   RPC failure is treated as a message.
 *
 * Logs one line per error with request id, code, status and classification rule (the stack
 * and cause chain for 5xx, except the library's own `CIRCUIT_OPEN` / `BULKHEAD_FULL`
 * refusals), and records errors of severity HIGH or CRITICAL in the {@link ErrorLogStore}.
 *
 * Register it globally, by DI (`{ provide: APP_FILTER, useClass: ResilienceExceptionFilter }`)
 * or by hand: `app.useGlobalFilters(new ResilienceExceptionFilter(classifier, options))`.
 */
@Catch()
@Injectable()
export class ResilienceExceptionFilter implements ExceptionFilter {
  private readonly problems: ProblemDetailsFactory;
  private readonly reporter: ProblemReporter;

  /**
   * @param classifier answers what each error means
   * @param options envelope options; defaults for whatever is left out
   * @param errorLog audit trail of HIGH / CRITICAL errors; none recorded when absent
   * @param unhandledEvents hook for failed event handlers; only logged when absent
   */
  constructor(
    private readonly classifier: ErrorClassifier,
    @Optional()
    @Inject(RESILIENCE_FILTER_OPTIONS)
    options?: Partial<ResilienceFilterOptions>,
    @Optional() errorLog?: ErrorLogStore,
    @Optional() private readonly unhandledEvents?: UnhandledEventErrorHandler,
  ) {
    this.problems = new ProblemDetailsFactory(options);
    this.reporter = new ProblemReporter(
      new Logger(ResilienceExceptionFilter.name),
      errorLog,
    );
  }

  catch(exception: unknown, host: ArgumentsHost): unknown {
    const type = host.getType<string>();
    if (type === 'http') return this.catchHttp(exception, host);
    if (type === 'rpc') return this.catchRpc(exception, host);
    // Other transports (websockets, GraphQL) are not answered here; the error is still
    // accounted for so it never disappears silently.
    const classification = this.classify(exception);
    const requestId = RequestContext.requestId() ?? randomUUID();
    const origin: ProblemOrigin = { transport: 'rpc', pattern: type };
    this.reporter.report(exception, classification, requestId, origin);
    return undefined;
  }

  private catchHttp(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const req = http.getRequest<HttpRequest>();
    const res = http.getResponse<ServerResponse>();
    const state = RequestContext.of(req) ?? httpState(RequestContext.current());
    const requestId =
      state?.requestId ??
      acceptOrCreateRequestId(
        res.getHeader(REQUEST_ID_HEADER) ?? req.headers[REQUEST_ID_HEADER],
      );
    const path = (req.originalUrl ?? req.url ?? '/').split('?', 1)[0];
    const classification = this.classify(exception);
    const problem = this.problems.create(exception, classification, {
      requestId,
      instance: path,
      language: this.problems.negotiateLanguage(
        header(req.headers['accept-language']),
      ),
    });
    this.reporter.report(exception, classification, requestId, {
      transport: 'http',
      method: req.method,
      path,
    });
    if (res.headersSent) {
      // Part of a response is already out: the envelope cannot follow it, so the connection
      // is cut to let the client see the failure instead of a truncated success.
      res.destroy();
      return;
    }
    const body = JSON.stringify(problem);
    res.statusCode = problem.status;
    res.setHeader('Content-Type', `${PROBLEM_JSON_MEDIA_TYPE}; charset=utf-8`);
    res.setHeader('Content-Length', Buffer.byteLength(body));
    res.setHeader('X-Request-Id', requestId);
    if (problem.status === 401) {
      res.setHeader('WWW-Authenticate', authenticateChallenge(exception));
    }
    const retryAfter = this.problems.retryAfterSeconds(classification);
    if (retryAfter === undefined) {
      res.removeHeader('Retry-After');
    } else if (
      classification.retryAfterMs !== undefined ||
      !res.hasHeader('Retry-After')
    ) {
      // A Retry-After a guard already set (the throttler's) is kept unless the
      // classification knows better.
      res.setHeader('Retry-After', String(retryAfter));
    }
    res.end(body);
  }

  private catchRpc(exception: unknown, host: ArgumentsHost): Observable<never> {
    const rpc = host.switchToRpc();
    const data: unknown = rpc.getData();
    const context: unknown = rpc.getContext();
    const info = readRpcMessage(context, data);
    const state =
      RequestContext.of(context) ?? rpcState(RequestContext.current());
    const requestId =
      state?.requestId ?? acceptOrCreateRequestId(info.requestId);
    const pattern = state?.pattern ?? info.pattern;
    const messageId = state?.messageId ?? info.messageId;
    const classification = this.classify(exception);
    const envelope = this.problems.create(exception, classification, {
      requestId,
      instance: `urn:pattern:${encodeURIComponent(pattern ?? 'unknown')}`,
      language: this.problems.negotiateLanguage(info.acceptLanguage),
    });
    const isEvent = state?.handlerKind === 'event';
    this.reporter.report(
      exception,
      classification,
      requestId,
      { transport: 'rpc', pattern, messageId },
      isEvent ? envelope : undefined,
    );
    if (!isEvent) return throwError(() => envelope);
    const handedOff = this.handOffEvent({
      error: exception,
      classification,
      envelope,
      pattern,
      messageId,
      data,
      context,
    });
    // Completing (not erroring) marks the event handled: it was logged and handed to the
    // hook, and an erroring stream would make some transports log or redeliver it again.
    return from(handedOff).pipe(ignoreElements());
  }

  private async handOffEvent(
    failure: Parameters<UnhandledEventErrorHandler['handle']>[0],
  ): Promise<void> {
    if (!this.unhandledEvents) return;
    try {
      await this.unhandledEvents.handle(failure);
    } catch (hookError) {
      this.reporter.portFailed(
        'UnhandledEventErrorHandler',
        failure.envelope.requestId,
        hookError,
      );
    }
  }

  private classify(exception: unknown): ErrorClassification {
    try {
      const classification = this.classifier.classify(exception);
      if (isProblemCode(classification.code)) return classification;
    } catch {
      // The classifier promises never to throw; should one still do, the answer is INTERNAL.
    }
    const internal = PROBLEM_CODES.INTERNAL;
    return {
      code: 'INTERNAL',
      status: internal.status,
      category: internal.category,
      severity: internal.severity,
      retryable: false,
      recoverable: false,
      countsAsFailure: false,
      rule: 'filter-fallback',
    };
  }
}

function httpState(
  state: RequestContextState | undefined,
): RequestContextState | undefined {
  return state?.transport === 'http' ? state : undefined;
}

function rpcState(
  state: RequestContextState | undefined,
): RequestContextState | undefined {
  return state?.transport === 'rpc' ? state : undefined;
}

function header(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(',') : value;
}
