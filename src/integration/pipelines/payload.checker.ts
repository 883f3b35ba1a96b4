import { InvalidMessagePayloadError } from '../errors/invalid-message-payload.error.js';

/**
 * Collects the problems of a message payload, each named by its JSON pointer, and throws them
 * all at once: an operator fixing a dead-lettered message sees every problem, not the first.
 */
export class PayloadChecker {
  private readonly problems: string[] = [];

  constructor(private readonly type: string) {}

  /** The member at `pointer` (`/patient/id`) of `value`, or `undefined`. */
  static at(value: unknown, pointer: string): unknown {
    let current = value;
    for (const key of pointer.split('/').slice(1)) {
      if (typeof current !== 'object' || current === null) return undefined;
      current = (current as Record<string, unknown>)[key];
    }
    return current;
  }

  /** Requires a non-empty string at `pointer`. */
  text(payload: unknown, pointer: string): this {
    const value = PayloadChecker.at(payload, pointer);
    if (typeof value !== 'string' || value.trim() === '')
      this.problems.push(`${pointer}: required text`);
    return this;
  }

  /** Requires a number above zero at `pointer`. */
  positive(payload: unknown, pointer: string): this {
    const value = PayloadChecker.at(payload, pointer);
    if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
      this.problems.push(`${pointer}: required number above 0`);
    }
    return this;
  }

  /** Requires a non-empty array at `pointer`, each element checked by `each`. */
  list(
    payload: unknown,
    pointer: string,
    each?: (checker: this, itemPointer: string) => void,
  ): this {
    const value = PayloadChecker.at(payload, pointer);
    if (!Array.isArray(value) || value.length === 0) {
      this.problems.push(`${pointer}: required non-empty list`);
      return this;
    }
    value.forEach((_item, index) => each?.(this, `${pointer}/${index}`));
    return this;
  }

  /** @throws InvalidMessagePayloadError listing every problem found */
  done(): void {
    if (this.problems.length > 0)
      throw new InvalidMessagePayloadError(this.type, this.problems);
  }
}
