import {
  HttpStatus,
  Injectable,
  RequestMethod,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants.js';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { from, lastValueFrom, of, type Observable } from 'rxjs';
import { ValidationFailedError } from '@nest-resilience/problem-details';
import { IdempotencyKeyReusedError } from '../errors/idempotency-key-reused.error.js';
import { IdempotentRequestInProgressError } from '../errors/idempotent-request-in-progress.error.js';
import { IdempotencyStore } from './idempotency.store.js';
import { requestFingerprint } from './request-fingerprint.js';

/** Header a client sends to make a `POST` safe to repeat. */
export const IDEMPOTENCY_KEY_HEADER = 'idempotency-key';
/** Header set on a replayed answer. */
export const IDEMPOTENT_REPLAYED_HEADER = 'idempotent-replayed';
/** What a key may look like: 1 to 255 visible ASCII characters (a UUID fits). */
const KEY_SHAPE = /^[\x21-\x7e]{1,255}$/;

/**
 * Honours `Idempotency-Key` on the route it decorates (`@UseInterceptors`):
 * - the first request with a key runs, and its answer is kept for 24 h;
 * - a repeat with the same key and body gets that answer again (`Idempotent-Replayed: true`);
 * - the same key with another body is 422 `IDEMPOTENCY_KEY_REUSED`;
 * - a repeat while the first is still running is 409 `CONFLICT`.
 *
 * A failed first request frees its key, so the client may retry it with the same key. The
 * handler is run to completion even when the client stops waiting (a request timeout), so a
 * created resource is always recorded and replayed, never created twice.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(
    private readonly records: IdempotencyStore,
    private readonly reflector: Reflector,
  ) {}

  async intercept(
    context: ExecutionContext,
    next: CallHandler,
  ): Promise<Observable<unknown>> {
    const http = context.switchToHttp();
    const request = http.getRequest<Request>();
    const key = request.header(IDEMPOTENCY_KEY_HEADER);
    if (key === undefined) return next.handle();
    if (!KEY_SHAPE.test(key)) {
      throw new ValidationFailedError([
        {
          pointer: `/headers/${IDEMPOTENCY_KEY_HEADER}`,
          message: 'must be 1 to 255 visible ASCII characters',
        },
      ]);
    }
    const fingerprint = requestFingerprint(
      request.method,
      request.path,
      request.body,
    );
    const existing = await this.records.begin(key, fingerprint);
    if (existing !== undefined) {
      if (existing.fingerprint !== fingerprint)
        throw new IdempotencyKeyReusedError();
      if (existing.state === 'in-progress')
        throw new IdempotentRequestInProgressError();
      const response = http.getResponse<Response>();
      response
        .status(existing.status)
        .setHeader(IDEMPOTENT_REPLAYED_HEADER, 'true');
      return of(existing.body);
    }
    const status = this.successStatus(context, request.method);
    const outcome = lastValueFrom(next.handle()).then(
      async (body: unknown) => {
        await this.records.complete(key, {
          state: 'completed',
          fingerprint,
          status,
          body,
        });
        return body;
      },
      async (error: unknown) => {
        await this.records.release(key);
        throw error;
      },
    );
    return from(outcome);
  }

  private successStatus(context: ExecutionContext, method: string): number {
    const declared = this.reflector.get<number | undefined>(
      HTTP_CODE_METADATA,
      context.getHandler(),
    );
    if (declared !== undefined) return declared;
    return method === RequestMethod[RequestMethod.POST]
      ? HttpStatus.CREATED
      : HttpStatus.OK;
  }
}
