import {
  BadGatewayException,
  BadRequestException,
  ConflictException,
  ForbiddenException,
  GatewayTimeoutException,
  GoneException,
  HttpException,
  InternalServerErrorException,
  MethodNotAllowedException,
  NotFoundException,
  NotImplementedException,
  PayloadTooLargeException,
  RequestTimeoutException,
  ServiceUnavailableException,
  UnauthorizedException,
  UnprocessableEntityException,
  UnsupportedMediaTypeException,
} from '@nestjs/common';
import express from 'express';
import createHttpError from 'http-errors';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ErrorCategory } from './error-category.enum.js';
import { createErrorClassifier } from './rule-based-error.classifier.js';
import { outcome, type Expected } from './classification-outcome.fixture.js';

const {
  TRANSIENT,
  PERMANENT,
  BUSINESS_LOGIC,
  SECURITY,
  EXTERNAL_DEPENDENCY,
  RESOURCE_EXHAUSTION,
} = ErrorCategory;

const classifier = createErrorClassifier();

/** The error Express's JSON body parser really raises for this request. */
function bodyParserError(
  body: string,
  headers: Record<string, string>,
  options: { limit?: number } = {},
): Promise<unknown> {
  const request = Object.assign(Readable.from([Buffer.from(body)]), {
    headers: { 'content-length': String(Buffer.byteLength(body)), ...headers },
    method: 'POST',
    url: '/',
  });
  const parse = express.json(options) as unknown as (
    req: unknown,
    res: unknown,
    next: (error?: unknown) => void,
  ) => void;
  return new Promise((resolve) => parse(request, {}, resolve));
}

const json = { 'content-type': 'application/json' };

describe('Nest HttpException family', () => {
  // prettier-ignore
  const rows: [string, () => HttpException, Expected][] = [
    ['BadRequestException', () => new BadRequestException(['name must be a string']), outcome('VALIDATION_FAILED', 400, PERMANENT, false, false, false)],
    ['UnauthorizedException', () => new UnauthorizedException(), outcome('UNAUTHENTICATED', 401, SECURITY, false, false, false)],
    ['ForbiddenException', () => new ForbiddenException(), outcome('FORBIDDEN', 403, SECURITY, false, false, false)],
    ['NotFoundException', () => new NotFoundException(), outcome('NOT_FOUND', 404, PERMANENT, false, false, false)],
    ['MethodNotAllowedException (no code of its own)', () => new MethodNotAllowedException(), outcome('VALIDATION_FAILED', 400, PERMANENT, false, false, false)],
    ['RequestTimeoutException', () => new RequestTimeoutException(), outcome('REQUEST_TIMEOUT', 408, TRANSIENT, true, false, true)],
    ['ConflictException', () => new ConflictException(), outcome('CONFLICT', 409, BUSINESS_LOGIC, false, false, false)],
    ['GoneException', () => new GoneException(), outcome('NOT_FOUND', 404, PERMANENT, false, false, false)],
    ['PayloadTooLargeException', () => new PayloadTooLargeException(), outcome('PAYLOAD_TOO_LARGE', 413, PERMANENT, false, false, false)],
    ['UnsupportedMediaTypeException', () => new UnsupportedMediaTypeException(), outcome('UNSUPPORTED_MEDIA_TYPE', 415, PERMANENT, false, false, false)],
    ['UnprocessableEntityException', () => new UnprocessableEntityException(), outcome('VALIDATION_FAILED', 400, PERMANENT, false, false, false)],
    ['HttpException 429 (the throttler)', () => new HttpException('Too Many Requests', 429), outcome('RATE_LIMITED', 429, RESOURCE_EXHAUSTION, true, false, true)],
    ['InternalServerErrorException', () => new InternalServerErrorException(), outcome('INTERNAL', 500, PERMANENT, false, true, false)],
    ['NotImplementedException', () => new NotImplementedException(), outcome('INTERNAL', 500, PERMANENT, false, true, false)],
    ['BadGatewayException', () => new BadGatewayException(), outcome('UPSTREAM_ERROR', 502, TRANSIENT, true, true, true)],
    ['ServiceUnavailableException', () => new ServiceUnavailableException(), outcome('DEPENDENCY_UNAVAILABLE', 503, EXTERNAL_DEPENDENCY, true, true, true)],
    ['GatewayTimeoutException', () => new GatewayTimeoutException(), outcome('UPSTREAM_TIMEOUT', 504, TRANSIENT, true, true, true)],
  ];

  it.each(rows)('%s', (_name, make, expected) => {
    const classification = classifier.classify(make());
    expect(classification).toMatchObject({
      ...expected,
      rule: 'nest-http-exception',
    });
    expect(classification.retryAfterMs).toBeUndefined();
  });
});

describe('Express body parser and http-errors (real errors)', () => {
  // prettier-ignore
  const rows: [string, () => Promise<unknown> | Error, Expected][] = [
    ['malformed JSON', () => bodyParserError('{"customerId":', json), outcome('MALFORMED_JSON', 400, PERMANENT, false, false, false, { sourceCode: 'entity.parse.failed' })],
    ['a body over the limit', () => bodyParserError('{"customerId":"c-1"}', json, { limit: 5 }), outcome('PAYLOAD_TOO_LARGE', 413, PERMANENT, false, false, false, { sourceCode: 'entity.too.large' })],
    ['an unsupported charset', () => bodyParserError('{}', { 'content-type': 'application/json; charset=latin-9' }), outcome('UNSUPPORTED_MEDIA_TYPE', 415, PERMANENT, false, false, false, { sourceCode: 'charset.unsupported' })],
    ['an unsupported content encoding', () => bodyParserError('{}', { ...json, 'content-encoding': 'bogus' }), outcome('UNSUPPORTED_MEDIA_TYPE', 415, PERMANENT, false, false, false, { sourceCode: 'encoding.unsupported' })],
    ['another http-errors 4xx, by status', () => createHttpError(404), outcome('NOT_FOUND', 404, PERMANENT, false, false, false)],
    ['an http-errors 503, by status', () => createHttpError(503), outcome('DEPENDENCY_UNAVAILABLE', 503, EXTERNAL_DEPENDENCY, true, true, true)],
  ];

  it.each(rows)('%s', async (_name, make, expected) => {
    expect(classifier.classify(await make())).toMatchObject({
      ...expected,
      rule: 'body-parser',
    });
  });

  it("reads through the HttpException that Nest's Express adapter wraps a parser error in", async () => {
    const parserError = await bodyParserError('{"customerId":', json);
    const wrapped = new BadRequestException('Unexpected end of JSON input', {
      cause: parserError,
    });
    expect(classifier.classify(wrapped)).toMatchObject({
      code: 'MALFORMED_JSON',
      rule: 'body-parser',
    });
  });

  it('leaves other objects with a `type` alone', () => {
    expect(classifier.classify({ type: 'entity.parse.failed' }).code).toBe(
      'INTERNAL',
    );
    expect(classifier.classify(new Event('entity.too.large')).code).toBe(
      'INTERNAL',
    );
  });

  it('does not take a plain SyntaxError for malformed JSON', () => {
    const parseFailure = (() => {
      try {
        return JSON.parse('{"customerId":');
      } catch (error) {
        return error;
      }
    })() as unknown;
    expect(classifier.classify(parseFailure)).toMatchObject({
      code: 'INTERNAL',
      rule: 'unclassified',
    });
  });
});
