import fc from 'fast-check';
import { BODY_LIMIT_BYTES } from '../../src/configure-app.js';

/** Keys that would reach `Object.prototype` through a careless merge or assignment. */
export const PROTOTYPE_KEYS = ['__proto__', 'constructor', 'prototype'];

/** Arrays and objects nested `depth` times around `leaf`, as raw JSON text. */
export function nestedJson(depth: number, kind: 'array' | 'object'): string {
  return kind === 'array'
    ? '['.repeat(depth) + ']'.repeat(depth)
    : '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
}

/** Any value a JSON field could hold, scalars weighted up. */
const anyValue = fc.oneof(
  { arbitrary: fc.string({ maxLength: 40 }), weight: 3 },
  { arbitrary: fc.integer(), weight: 2 },
  { arbitrary: fc.double(), weight: 1 },
  { arbitrary: fc.boolean(), weight: 1 },
  { arbitrary: fc.constant(null), weight: 1 },
  { arbitrary: fc.jsonValue({ maxDepth: 3 }), weight: 2 },
);

/** An object whose keys are mostly prototype keys, nested a little. */
const prototypeKeyed: fc.Arbitrary<Record<string, unknown>> = fc.letrec(
  (tie) => ({
    node: fc.dictionary(
      fc.oneof(fc.constantFrom(...PROTOTYPE_KEYS), fc.constantFrom('x', 'y')),
      fc.oneof(
        { arbitrary: anyValue, weight: 3 },
        { arbitrary: tie('node'), weight: 1 },
        {
          arbitrary: fc.constant({ polluted: 'yes', toString: 'broken' }),
          weight: 1,
        },
      ),
      { maxKeys: 4 },
    ),
  }),
).node as fc.Arbitrary<Record<string, unknown>>;

/**
 * JSON text of `value` that keeps `__proto__` as a key (`JSON.stringify` of an object literal
 * would have turned it into the prototype and dropped it).
 */
function withProtoKeys(value: Record<string, unknown>): string {
  return JSON.stringify(value).replaceAll('"x_proto"', '"__proto__"');
}

const shapes = {
  orders: fc.record(
    {
      customerId: anyValue,
      products: fc.oneof(
        anyValue,
        fc.array(
          fc.record(
            { productId: anyValue, quantity: anyValue },
            { requiredKeys: [] },
          ),
          { maxLength: 3 },
        ),
      ),
      shippingAddress: fc.oneof(
        anyValue,
        fc.record(
          {
            street: anyValue,
            city: anyValue,
            state: anyValue,
            zipCode: anyValue,
            country: anyValue,
          },
          { requiredKeys: [] },
        ),
      ),
    },
    { requiredKeys: [] },
  ),
  integration: fc.record(
    {
      messageId: anyValue,
      type: fc.oneof(anyValue, fc.constantFrom('patient-record', 'unknown')),
      payload: anyValue,
    },
    { requiredKeys: [] },
  ),
  deadLetters: fc.record(
    {
      source: anyValue,
      destination: anyValue,
      pattern: anyValue,
      payload: anyValue,
      headers: fc.oneof(anyValue, fc.dictionary(fc.string(), anyValue)),
      error: fc.oneof(
        anyValue,
        fc.record(
          { code: anyValue, message: anyValue, category: anyValue },
          { requiredKeys: [] },
        ),
      ),
    },
    { requiredKeys: [] },
  ),
};

/** Which route a body is shaped for. */
export type EdgeTarget = keyof typeof shapes;

/**
 * Raw request bodies for `target`: right-shaped records with wrong types, arbitrary JSON,
 * prototype keys at the top and inside, deep nesting (balanced or not), strings near and over
 * the size limit, malformed text, and nothing at all.
 */
export function edgeBody(target: EdgeTarget): fc.Arbitrary<string | undefined> {
  return fc.oneof(
    { arbitrary: shapes[target].map((v) => JSON.stringify(v)), weight: 4 },
    {
      arbitrary: fc.jsonValue().map((v) => JSON.stringify(v) ?? 'null'),
      weight: 2,
    },
    {
      arbitrary: fc
        .tuple(shapes[target], prototypeKeyed)
        .map(([shape, keys]) =>
          withProtoKeys({ ...shape, ...renameProto(keys) }),
        ),
      weight: 3,
    },
    {
      arbitrary: fc
        .tuple(
          fc.integer({ min: 1, max: 20_000 }),
          fc.constantFrom('array' as const, 'object' as const),
          fc.boolean(),
        )
        .map(([depth, kind, balanced]) => {
          const text = nestedJson(depth, kind);
          return balanced ? text : text.slice(0, depth);
        }),
      weight: 2,
    },
    {
      arbitrary: fc
        .integer({ min: BODY_LIMIT_BYTES - 64, max: BODY_LIMIT_BYTES * 3 })
        .map((size) => JSON.stringify({ customerId: 'x'.repeat(size) })),
      weight: 1,
    },
    {
      arbitrary: fc.oneof(
        fc.string({ maxLength: 60 }),
        fc.constantFrom('{', '{"a":', '[1,2', 'nul', '{"type": }', '\u0000'),
      ),
      weight: 1,
    },
    { arbitrary: fc.constant(undefined), weight: 1 },
  );
}

/** Renames `__proto__` keys so they survive object spread until {@link withProtoKeys}. */
function renameProto(value: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(value).map(([key, child]) => [
      key === '__proto__' ? 'x_proto' : key,
      isRecord(child) ? renameProto(child) : child,
    ]),
  );
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
