import type { IncomingMessage, ServerResponse } from 'node:http';
import { BodyTooDeepError } from './body-too-deep.error.js';

/**
 * Whether `value` nests arrays and objects deeper than `maxDepth` (a bare array or object is
 * depth 1). Iterative, with its own stack, and it never looks below `maxDepth + 1`, so any
 * depth is measured without recursion and in time bounded by the part that is allowed.
 */
export function exceedsDepth(value: unknown, maxDepth: number): boolean {
  const pending: { value: object; depth: number }[] = [];
  if (isContainer(value)) pending.push({ value, depth: 1 });
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    if (next.depth > maxDepth) return true;
    for (const child of Object.values(next.value)) {
      if (isContainer(child))
        pending.push({ value: child, depth: next.depth + 1 });
    }
  }
  return false;
}

function isContainer(value: unknown): value is object {
  return typeof value === 'object' && value !== null;
}

/**
 * Middleware, to be installed right after the body parsers, that answers 400
 * `VALIDATION_FAILED` ({@link BodyTooDeepError}) to a request whose parsed body nests deeper
 * than `maxDepth`, before pipes, class-transformer or a handler walk it recursively. The JSON
 * parser itself is iterative: a body of `[` repeated to the size limit parses, and is refused
 * here.
 * @throws RangeError when `maxDepth` is not a whole number of at least 1
 */
export function jsonDepthMiddleware(
  maxDepth: number,
): (
  req: IncomingMessage & { body?: unknown },
  res: ServerResponse,
  next: (error?: unknown) => void,
) => void {
  if (!Number.isInteger(maxDepth) || maxDepth < 1) {
    throw new RangeError(
      `maxDepth must be a whole number of at least 1, not ${maxDepth}`,
    );
  }
  return (req, _res, next) => {
    next(
      exceedsDepth(req.body, maxDepth)
        ? new BodyTooDeepError(maxDepth)
        : undefined,
    );
  };
}
