import { isObjectLike, readProperty } from './rules/error-inspection.util.js';

/** Deepest `cause` the walk follows; real chains are a handful of links long. */
export const MAX_CAUSE_DEPTH = 16;
/** Most errors the walk visits in all, so a huge `AggregateError` stays cheap to classify. */
export const MAX_VISITED_ERRORS = 64;

/** The errors an `AggregateError` (or Node's own aggregate, as thrown by happy eyeballs) holds. */
function aggregatedErrors(error: unknown): readonly unknown[] {
  if (!isObjectLike(error)) return [];
  try {
    const errors = readProperty(error, 'errors');
    if (!Array.isArray(errors)) return [];
    const isAggregate =
      error instanceof AggregateError ||
      readProperty(error, 'name') === 'AggregateError';
    return isAggregate ? errors.slice(0, MAX_VISITED_ERRORS) : [];
  } catch {
    // A proxy that refuses `instanceof` or indexing holds nothing we can read.
    return [];
  }
}

/**
 * Yields `error`, then its `cause` chain, depth first; an `AggregateError`'s `errors` follow its
 * own cause, in order. Each object is yielded once, so cyclic causes end the walk, and the walk
 * stops at {@link MAX_CAUSE_DEPTH} links or {@link MAX_VISITED_ERRORS} errors. Never throws:
 * unreadable properties count as absent.
 */
export function* walkErrorChain(
  error: unknown,
): Generator<unknown, void, undefined> {
  const seen = new Set<unknown>();
  const pending: { value: unknown; depth: number }[] = [
    { value: error, depth: 0 },
  ];
  let visited = 0;
  while (pending.length > 0 && visited < MAX_VISITED_ERRORS) {
    const { value, depth } = pending.pop()!;
    if (isObjectLike(value)) {
      if (seen.has(value)) continue;
      seen.add(value);
    }
    visited++;
    yield value;
    if (depth >= MAX_CAUSE_DEPTH) continue;
    const cause = readProperty(value, 'cause');
    const children: unknown[] = cause === undefined ? [] : [cause];
    children.push(...aggregatedErrors(value));
    // Pushed in reverse so the cause is visited first, then errors[0], errors[1]...
    for (let index = children.length - 1; index >= 0; index--) {
      pending.push({ value: children[index], depth: depth + 1 });
    }
  }
}
