import fc from 'fast-check';
import { createErrorClassifier } from '@nest-resilience/resilience';
import { isBodyTooDeepError } from './body-too-deep.error.js';
import { exceedsDepth, jsonDepthMiddleware } from './json-depth.middleware.js';
import { ProblemDetailsFactory } from './problem-details.factory.js';

function nested(depth: number, leaf: unknown = 1): unknown {
  let value = leaf;
  for (let i = 0; i < depth; i++) value = i % 2 === 0 ? [value] : { k: value };
  return value;
}

function depthOf(value: unknown): number {
  if (typeof value !== 'object' || value === null) return 0;
  const children = Object.values(value).map(depthOf);
  return 1 + Math.max(0, ...children);
}

/** Runs the middleware on `body` and answers what it passed to `next`. */
function run(maxDepth: number, body: unknown): unknown {
  let passed: unknown = 'not called';
  jsonDepthMiddleware(maxDepth)(
    { body } as never,
    {} as never,
    (error) => (passed = error),
  );
  return passed;
}

describe('jsonDepthMiddleware', () => {
  it('lets a body at the limit through and refuses one level more', () => {
    expect(run(3, nested(3))).toBeUndefined();
    expect(isBodyTooDeepError(run(3, nested(4)))).toBe(true);
  });

  it('passes bodies without nesting: none, scalars, empty containers', () => {
    for (const body of [undefined, null, 'text', 42, {}, []]) {
      expect(run(1, body)).toBeUndefined();
    }
  });

  it('measures the deepest branch, not the first', () => {
    const body = { a: 1, b: [2, 3], c: { d: { e: [[1]] } } };
    expect(run(5, body)).toBeUndefined();
    expect(isBodyTooDeepError(run(4, body))).toBe(true);
  });

  it('counts keys named __proto__ like any other, as JSON.parse makes them own keys', () => {
    const body: unknown = JSON.parse('{"__proto__": {"x": {"y": 1}}}');
    expect(run(3, body)).toBeUndefined();
    expect(isBodyTooDeepError(run(2, body))).toBe(true);
  });

  it('measures a structure far deeper than the call stack allows', () => {
    const depth = 200_000;
    const body: unknown = JSON.parse('['.repeat(depth) + ']'.repeat(depth));
    expect(exceedsDepth(body, 32)).toBe(true);
    expect(exceedsDepth(body, depth)).toBe(false);
  });

  it('agrees with a recursive depth on arbitrary JSON values', () => {
    fc.assert(
      fc.property(
        fc.jsonValue({ maxDepth: 8 }),
        fc.integer({ min: 1, max: 10 }),
        (value, max) => {
          expect(exceedsDepth(value, max)).toBe(depthOf(value) > max);
        },
      ),
    );
  });

  it('answers 400 VALIDATION_FAILED naming the limit, with an entry for the whole document', () => {
    const error = run(32, nested(40));
    const classification = createErrorClassifier().classify(error);
    expect(classification.code).toBe('VALIDATION_FAILED');
    const problem = new ProblemDetailsFactory().create(error, classification, {
      requestId: 'r1',
      instance: '/orders',
      language: 'en',
    });
    expect(problem.status).toBe(400);
    expect(problem.detail).toContain('32 levels');
    expect(problem.errors).toEqual([
      { pointer: '', message: expect.stringContaining('32 levels') },
    ]);
  });

  it('refuses a limit that is not a whole number of at least 1', () => {
    for (const bad of [0, -1, 1.5, Number.NaN]) {
      expect(() => jsonDepthMiddleware(bad)).toThrow(RangeError);
    }
  });
});
