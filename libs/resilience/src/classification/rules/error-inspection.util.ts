/**
 * Defensive readers for thrown values. Rules see anything a `throw` can carry (proxies, objects
 * with throwing getters, values from other realms), so every read here answers `undefined`
 * instead of throwing.
 */

/** Whether `value` can carry properties (an object or a function, not `null`). */
export function isObjectLike(value: unknown): value is object {
  return (
    (typeof value === 'object' && value !== null) || typeof value === 'function'
  );
}

/** Reads `value[key]`, or `undefined` when `value` is not an object or the read throws. */
export function readProperty(value: unknown, key: PropertyKey): unknown {
  if (!isObjectLike(value)) return undefined;
  try {
    return (value as Record<PropertyKey, unknown>)[key];
  } catch {
    return undefined;
  }
}

/** Reads a string `code` property (`ECONNRESET`, `23505`, `SQLITE_BUSY`), if there is one. */
export function readCode(value: unknown): string | undefined {
  const code = readProperty(value, 'code');
  return typeof code === 'string' ? code : undefined;
}

/** Reads a property that must be a finite number, such as an HTTP `status`. */
export function readNumber(
  value: unknown,
  key: PropertyKey,
): number | undefined {
  const property = readProperty(value, key);
  return typeof property === 'number' && Number.isFinite(property)
    ? property
    : undefined;
}

/** Reads a property that must be a string, such as a body-parser error's `type`. */
export function readString(
  value: unknown,
  key: PropertyKey,
): string | undefined {
  const property = readProperty(value, key);
  return typeof property === 'string' ? property : undefined;
}

/** How far up a prototype chain {@link hasClassNamed} looks; real error hierarchies are shallow. */
const MAX_PROTOTYPE_DEPTH = 10;

/**
 * Whether a class called `className` appears in the prototype chain of `value`.
 *
 * Used for optional integrations (TypeORM, ioredis, `@nestjs/microservices`): matching on the
 * class name keeps the library from importing them, and still recognises an error thrown by a
 * second copy of the package, where `instanceof` would fail.
 */
export function hasClassNamed(value: unknown, className: string): boolean {
  if (!isObjectLike(value)) return false;
  try {
    let prototype: unknown = Object.getPrototypeOf(value);
    for (
      let depth = 0;
      depth < MAX_PROTOTYPE_DEPTH && isObjectLike(prototype);
      depth++
    ) {
      const descriptor = Object.getOwnPropertyDescriptor(
        prototype,
        'constructor',
      );
      const constructor: unknown = descriptor?.value;
      if (typeof constructor === 'function' && constructor.name === className)
        return true;
      prototype = Object.getPrototypeOf(prototype);
    }
  } catch {
    // A proxy may refuse to reveal its prototype: then it is not the class we look for.
  }
  return false;
}
