import { Redis, ReplyError } from 'ioredis';
import { createRequire } from 'node:module';
import { createServer, type AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { ErrorCategory } from './error-category.enum.js';
import { createErrorClassifier } from './rule-based-error.classifier.js';
import { outcome } from './classification-outcome.fixture.js';

const { PERMANENT, EXTERNAL_DEPENDENCY, DATA_CORRUPTION } = ErrorCategory;

/** ioredis's error classes come from `redis-errors`, which ships no types. */
const redisErrors = createRequire(import.meta.url)('redis-errors') as {
  AbortError: new (message: string) => Error;
  ParserError: new (message: string, buffer: Buffer, offset: number) => Error;
};
/** ioredis types its `ReplyError` export as `any`. */
const ReplyErrorClass = ReplyError as unknown as new (message: string) => Error;

const classifier = createErrorClassifier();
const unavailable = outcome(
  'DEPENDENCY_UNAVAILABLE',
  503,
  EXTERNAL_DEPENDENCY,
  true,
  true,
  true,
  {
    rule: 'redis',
  },
);

async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

describe('Redis (ioredis errors)', () => {
  it('MaxRetriesPerRequestError from a real client is DEPENDENCY_UNAVAILABLE', async () => {
    const redis = new Redis({
      port: await closedPort(),
      lazyConnect: true,
      maxRetriesPerRequest: 0,
      retryStrategy: () => 10,
    });
    redis.on('error', () => undefined);
    try {
      const error = await redis.get('key').catch((caught: unknown) => caught);
      expect(classifier.classify(error)).toMatchObject(unavailable);
    } finally {
      redis.disconnect();
    }
  });

  it('a command aborted by a closed connection (AbortError) is DEPENDENCY_UNAVAILABLE', () => {
    const error = new redisErrors.AbortError(
      'Command aborted due to connection close',
    );
    expect(classifier.classify(error)).toMatchObject(unavailable);
  });

  it('a protocol ParserError is DEPENDENCY_UNAVAILABLE with DATA_CORRUPTION', () => {
    const error = new redisErrors.ParserError(
      'Protocol error',
      Buffer.from('?'),
      0,
    );
    expect(classifier.classify(error)).toMatchObject({
      ...unavailable,
      category: DATA_CORRUPTION,
    });
  });

  it('a ReplyError is INTERNAL and not counted, whatever its text (OOM included)', () => {
    for (const message of [
      'WRONGTYPE Operation against a key holding the wrong kind of value',
      "OOM command not allowed when used memory > 'maxmemory'.",
    ]) {
      expect(classifier.classify(new ReplyErrorClass(message))).toMatchObject({
        ...outcome('INTERNAL', 500, PERMANENT, false, false, false),
        rule: 'redis',
      });
    }
  });
});
