import type { ErrorClassification } from '../classification/error-classification.interface.js';
import { attempt } from './attempt.util.js';
import { markDegraded } from './degradation.marker.js';
import type {
  FallbackInfo,
  FallbackKeyFunction,
  FallbackSource,
} from './fallback-source.interface.js';
import { LastGoodResultStore } from './last-good-result.store.js';
import type { ExecutionContext, Operation } from './policy.interface.js';
import type { PolicyLogger } from './policy-logger.interface.js';
import type { RecoveringPolicy } from './recovering-policy.interface.js';

/** What the fallback needs to know of an error: the library classifier's answer fits it. */
export type FallbackClassification = Pick<ErrorClassification, 'recoverable'>;

/** Options of a {@link FallbackPolicy}. */
export interface FallbackPolicyOptions {
  /** Name of the guarded dependency or method, reported in {@link FallbackInfo}. */
  name: string;
  /** The chain, tried in order until one source serves a result. */
  sources: readonly FallbackSource[];
  /** Says whether a stand-in may replace the result; client mistakes are not recoverable. */
  classify: (error: unknown) => FallbackClassification;
  /** Called each time a source serves a result (metrics, tests). Must not throw. */
  onFallback?: (info: FallbackInfo) => void;
  /** Told when a fallback function fails, since that failure is otherwise swallowed. */
  logger?: PolicyLogger;
}

/**
 * The outermost layer: when everything inside failed with a recoverable error, serves a
 * stand-in from the first source of the chain that has one, marked with {@link markDegraded}.
 *
 * - Runs once per call, after the retries, so it never hides a failure from them.
 * - A non-recoverable error (validation, a 404) is rethrown as is.
 * - A `last-good` source is filled on every success, keyed by `context.args` (`[]` when the
 *   wiring gives none).
 * - When every source fails or has nothing, the original error is rethrown, not the last
 *   source's: the caller and the classifier should see why the call failed, not why its
 *   stand-in did.
 */
export class FallbackPolicy implements RecoveringPolicy {
  /** Whether successes pass untouched: only without a `last-good` source, which keeps them. */
  readonly passesSuccessesThrough: boolean;
  private readonly lastGood: LastGoodResultStore | undefined;
  private readonly key: FallbackKeyFunction;

  /** @throws RangeError when the chain is empty or holds more than one `last-good` source */
  constructor(private readonly options: FallbackPolicyOptions) {
    const lastGoodSources = options.sources.filter(
      (source) => source.kind === 'last-good',
    );
    if (options.sources.length === 0 || lastGoodSources.length > 1) {
      throw new RangeError(
        `Fallback "${options.name}": needs at least one source and at most one 'last-good'`,
      );
    }
    const lastGood = lastGoodSources[0];
    this.lastGood = lastGood && new LastGoodResultStore(lastGood);
    this.passesSuccessesThrough = this.lastGood === undefined;
    this.key = lastGood?.key ?? JSON.stringify;
  }

  /**
   * Runs `operation` and falls back when it fails with a recoverable error.
   *
   * @throws the operation's error when it is not recoverable or no source serves a result
   */
  execute<T>(operation: Operation<T>, context: ExecutionContext): Promise<T> {
    const result = attempt(operation, context);
    // The success path is on every call: without a last-good source it only passes through.
    const onError = (error: unknown): Promise<T> =>
      this.recover(error, result, operation, context);
    if (this.lastGood === undefined) return result.then(undefined, onError);
    return result.then((value) => this.remember(value, context), onError);
  }

  /** Nothing to ready: the fallback only acts on a failure. */
  prepare(): void {}

  /**
   * The stand-in for a failed call, or the failure itself.
   *
   * @param failed the operation's rejected promise, handed back as is when nothing stands in:
   *   it settles the caller's promise with the same error without throwing it again, which costs
   *   several times what the rest of this layer does
   * @returns `failed` for a non-recoverable error, else the first stand-in of the chain
   */
  recover<T>(
    error: unknown,
    failed: Promise<T>,
    _operation: Operation<T>,
    context: ExecutionContext,
  ): Promise<T> {
    if (!this.options.classify(error).recoverable) return failed;
    return this.serveChain(error, context.args ?? []);
  }

  private remember<T>(value: T, context: ExecutionContext): T {
    const key = this.keyOf(context.args ?? []);
    if (key !== undefined) this.lastGood!.set(key, value);
    return value;
  }

  private async serveChain<T>(
    error: unknown,
    args: readonly unknown[],
  ): Promise<T> {
    for (const source of this.options.sources) {
      const served = await this.serve(source, error, args);
      if (served === undefined) continue;
      const info: FallbackInfo = {
        name: this.options.name,
        source: source.kind,
        error,
      };
      this.options.onFallback?.(info);
      return markDegraded(served.value as T, info);
    }
    throw error;
  }

  /** What `source` serves, wrapped so an `undefined` result differs from "nothing". */
  private async serve(
    source: FallbackSource,
    error: unknown,
    args: readonly unknown[],
  ): Promise<{ value: unknown } | undefined> {
    switch (source.kind) {
      case 'value':
        return { value: source.value };
      case 'last-good': {
        const key = this.keyOf(args);
        return key === undefined ? undefined : this.lastGood?.get(key);
      }
      case 'function':
        try {
          return { value: await source.run(error, args) };
        } catch (fallbackError) {
          this.options.logger?.warn(
            `Fallback function of "${this.options.name}" failed (${errorName(fallbackError)}); ` +
              'trying the next source',
          );
          return undefined;
        }
    }
  }

  private keyOf(args: readonly unknown[]): string | undefined {
    try {
      return this.key(args);
    } catch {
      return undefined;
    }
  }
}

function errorName(error: unknown): string {
  return error instanceof Error ? error.name : typeof error;
}
