import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { ErrorCategory, ErrorSeverity } from './error-category.enum.js';
import { createErrorClassifier } from './rule-based-error.classifier.js';
import { outcome, type Expected } from './classification-outcome.fixture.js';

const { TRANSIENT, PERMANENT, RESOURCE_EXHAUSTION } = ErrorCategory;

const classifier = createErrorClassifier();

/** A Node system error as `net`, `dns`, undici or `fs` raise it. */
function systemError(code: string): Error {
  return Object.assign(new Error(`${code} (the message is irrelevant)`), {
    code,
    errno: -1,
    syscall: 'connect',
  });
}

describe('Node network errors', () => {
  it.each([
    'ECONNRESET',
    'ECONNREFUSED',
    'ENOTFOUND',
    'EAI_AGAIN',
    'EPIPE',
    'EHOSTUNREACH',
    'ENETUNREACH',
    'UND_ERR_SOCKET',
    'UND_ERR_CLOSED',
  ])('%s is UPSTREAM_UNAVAILABLE', (code) => {
    expect(classifier.classify(systemError(code))).toMatchObject({
      ...outcome('UPSTREAM_UNAVAILABLE', 502, TRANSIENT, true, true, true),
      sourceCode: code,
      rule: 'network',
    });
  });

  it.each([
    'ETIMEDOUT',
    'ESOCKETTIMEDOUT',
    'ECONNABORTED',
    'UND_ERR_CONNECT_TIMEOUT',
    'UND_ERR_HEADERS_TIMEOUT',
    'UND_ERR_BODY_TIMEOUT',
  ])('%s is UPSTREAM_TIMEOUT', (code) => {
    expect(classifier.classify(systemError(code))).toMatchObject({
      ...outcome('UPSTREAM_TIMEOUT', 504, TRANSIENT, true, true, true),
      sourceCode: code,
      rule: 'network',
    });
  });

  it('leaves undici misuse codes unmatched', () => {
    expect(classifier.classify(systemError('UND_ERR_INVALID_ARG')).rule).toBe(
      'unclassified',
    );
  });
});

describe('aborted calls', () => {
  const cancelled = outcome('INTERNAL', 500, PERMANENT, false, false, false, {
    severity: ErrorSeverity.LOW,
    rule: 'abort-signal',
  });

  it('does not count an aborted timer (Node ABORT_ERR)', async () => {
    const error = await sleep(1_000, undefined, {
      signal: AbortSignal.abort(),
    }).catch((caught: unknown) => caught);
    expect(classifier.classify(error)).toMatchObject({
      ...cancelled,
      sourceCode: 'ABORT_ERR',
    });
  });

  it('treats a DOMException AbortError as a cancellation', () => {
    const error = new DOMException('The operation was aborted', 'AbortError');
    expect(classifier.classify(error)).toMatchObject(cancelled);
  });

  it('treats AbortSignal.timeout() as UPSTREAM_TIMEOUT', async () => {
    const signal = AbortSignal.timeout(1);
    await sleep(20);
    expect(classifier.classify(signal.reason)).toMatchObject({
      ...outcome('UPSTREAM_TIMEOUT', 504, TRANSIENT, true, true, true),
      rule: 'abort-signal',
    });
  });
});

describe('resource exhaustion of our own process', () => {
  // prettier-ignore
  const rows: [string, Expected][] = [
    ['EMFILE', outcome('INTERNAL', 500, RESOURCE_EXHAUSTION, true, true, true, { severity: ErrorSeverity.HIGH })],
    ['ENFILE', outcome('INTERNAL', 500, RESOURCE_EXHAUSTION, true, true, true, { severity: ErrorSeverity.HIGH })],
    ['ENOMEM', outcome('INTERNAL', 500, RESOURCE_EXHAUSTION, false, true, true, { severity: ErrorSeverity.CRITICAL })],
    ['ENOSPC', outcome('INTERNAL', 500, RESOURCE_EXHAUSTION, false, true, true, { severity: ErrorSeverity.CRITICAL })],
  ];

  it.each(rows)('%s', (code, expected) => {
    expect(classifier.classify(systemError(code))).toMatchObject({
      ...expected,
      sourceCode: code,
      rule: 'resource-exhaustion',
    });
  });
});
