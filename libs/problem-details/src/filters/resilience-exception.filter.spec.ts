import { Logger, type ArgumentsHost } from '@nestjs/common';
import { lastValueFrom, type Observable } from 'rxjs';
import {
  ErrorClassifier,
  type ErrorClassification,
} from '@nest-resilience/resilience';
import { ErrorLogStore } from '../error-log/error-log.store.js';
import { RequestContext } from '../request-context/request-context.storage.js';
import type { ProblemDetails } from './problem-details.interface.js';
import { ResilienceExceptionFilter } from './resilience-exception.filter.js';
import { UnhandledEventErrorHandler } from './unhandled-event-error.handler.js';

class ThrowingClassifier extends ErrorClassifier {
  classify(): ErrorClassification {
    throw new Error('classifier bug');
  }
}

class ThrowingStore extends ErrorLogStore {
  record(): void {
    throw new Error('disk full');
  }
  query() {
    return [];
  }
  get() {
    return undefined;
  }
  resolve() {
    return false;
  }
  stats() {
    return {
      total: 0,
      open: 0,
      resolved: 0,
      recent: 0,
      byCode: {},
      byCategory: {},
      bySeverity: {},
    };
  }
}

class ThrowingHook extends UnhandledEventErrorHandler {
  calls = 0;
  handle(): Promise<void> {
    this.calls++;
    return Promise.reject(new Error('dead-letter queue down'));
  }
}

function fakeResponse() {
  const headers = new Map<string, string>();
  return {
    headersSent: false,
    statusCode: 200,
    body: '',
    setHeader: (name: string, value: unknown) =>
      headers.set(name.toLowerCase(), String(value)),
    getHeader: (name: string) => headers.get(name.toLowerCase()),
    hasHeader: (name: string) => headers.has(name.toLowerCase()),
    removeHeader: (name: string) => headers.delete(name.toLowerCase()),
    end(body: string) {
      this.body = body;
    },
    headers,
  };
}

function httpHost(req: object, res: object): ArgumentsHost {
  return {
    getType: () => 'http',
    switchToHttp: () => ({
      getRequest: () => req,
      getResponse: () => res,
      getNext: () => undefined,
    }),
  } as unknown as ArgumentsHost;
}

function rpcHost(data: unknown, context: object): ArgumentsHost {
  return {
    getType: () => 'rpc',
    switchToRpc: () => ({ getData: () => data, getContext: () => context }),
  } as unknown as ArgumentsHost;
}

describe('ResilienceExceptionFilter', () => {
  afterEach(() => vi.restoreAllMocks());

  it('answers INTERNAL even when the classifier and the error log throw', () => {
    const errorSpy = vi
      .spyOn(Logger.prototype, 'error')
      .mockImplementation(() => undefined);
    const filter = new ResilienceExceptionFilter(
      new ThrowingClassifier(),
      {},
      new ThrowingStore(),
    );
    const res = fakeResponse();
    filter.catch(
      new Error('secret'),
      httpHost({ method: 'GET', url: '/a?b=c', headers: {} }, res),
    );
    const body = JSON.parse(res.body) as ProblemDetails;
    expect(res.statusCode).toBe(500);
    expect(body).toMatchObject({
      code: 'INTERNAL',
      status: 500,
      instance: '/a',
    });
    expect(res.headers.get('x-request-id')).toBe(body.requestId);
    expect(errorSpy.mock.calls.map(([message]) => String(message))).toEqual(
      expect.arrayContaining([
        expect.stringContaining('rule=filter-fallback'),
        expect.stringContaining('ErrorLogStore failed'),
      ]),
    );
  });

  it('completes a failed event after handing it to the hook, logging what the hook throws', async () => {
    const errorSpy = vi
      .spyOn(Logger.prototype, 'error')
      .mockImplementation(() => undefined);
    const hook = new ThrowingHook();
    const filter = new ResilienceExceptionFilter(
      new ThrowingClassifier(),
      {},
      undefined,
      hook,
    );
    const context = { getPattern: () => 'orders.created' };
    RequestContext.attach(context, {
      requestId: 'evt-1',
      startedAt: 0,
      transport: 'rpc',
      pattern: 'orders.created',
      handlerKind: 'event',
    });
    const result = filter.catch(
      new Error('boom'),
      rpcHost({}, context),
    ) as Observable<never>;
    await expect(
      lastValueFrom(result, { defaultValue: 'completed' }),
    ).resolves.toBe('completed');
    expect(hook.calls).toBe(1);
    expect(errorSpy.mock.calls.map(([message]) => String(message))).toEqual(
      expect.arrayContaining([
        expect.stringContaining(
          'UnhandledEventErrorHandler failed for requestId=evt-1',
        ),
      ]),
    );
  });

  it('replies to a message without the hook with the envelope as the error', async () => {
    vi.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    const filter = new ResilienceExceptionFilter(new ThrowingClassifier());
    const result = filter.catch(
      new Error('boom'),
      rpcHost({}, { getPattern: () => 'x' }),
    ) as Observable<never>;
    await expect(lastValueFrom(result)).rejects.toMatchObject({
      code: 'INTERNAL',
      instance: 'urn:pattern:x',
    });
  });
});
