import type { BulkheadSettings } from '../config/resilience-settings.interface.js';
import { BulkheadFullError } from '../errors/bulkhead-full.error.js';
import type {
  ExecutionContext,
  Operation,
  ResiliencePolicy,
} from './policy.interface.js';

/** What a bulkhead did with a call: took it, made it wait, let it go, or refused it. */
export type BulkheadAction = 'admitted' | 'queued' | 'released' | 'rejected';

/**
 * Told of each {@link BulkheadAction}, with the load just after it, synchronously; it must be
 * cheap and must not throw. Its arguments are plain numbers, so telling it allocates nothing.
 */
export type BulkheadLoadListener = (
  action: BulkheadAction,
  running: number,
  queued: number,
) => void;

/** Options of a {@link BulkheadPolicy}; spread a service's {@link BulkheadSettings} into it. */
export interface BulkheadPolicyOptions extends BulkheadSettings {
  /** Name of the bulkhead (the dependency's service name), reported in {@link BulkheadFullError}. */
  name: string;
  /** Told of every change of load (metrics). Not told anything while the bulkhead is off. */
  onLoad?: BulkheadLoadListener;
}

/** A snapshot of a bulkhead's load. */
export interface BulkheadStats {
  /** Calls holding a slot now. */
  running: number;
  /** Calls waiting for a slot now. */
  queued: number;
  /** Calls refused since the bulkhead was built. */
  rejected: number;
}

/**
 * Caps the calls running at once against one dependency: up to `maxConcurrent` run, up to
 * `maxQueue` more wait in arrival order, and any beyond that are refused at once with
 * {@link BulkheadFullError} (which the retry never retries). `maxConcurrent: 0` turns it off.
 *
 * The timeout sits inside the bulkhead, so time spent queued is not bounded by it; keep the
 * queue short.
 */
export class BulkheadPolicy implements ResiliencePolicy {
  private readonly name: string;
  private readonly maxConcurrent: number;
  private readonly maxQueue: number;
  private readonly waiting: Array<() => void> = [];
  private readonly onLoad: BulkheadLoadListener | undefined;
  private running = 0;
  private rejected = 0;

  /** @throws RangeError when a limit is not a non-negative integer */
  constructor(options: BulkheadPolicyOptions) {
    for (const key of ['maxConcurrent', 'maxQueue'] as const) {
      if (!Number.isInteger(options[key]) || options[key] < 0) {
        throw new RangeError(
          `Bulkhead "${options.name}": ${key} must be an integer >= 0, got ${options[key]}`,
        );
      }
    }
    this.name = options.name;
    this.maxConcurrent = options.maxConcurrent;
    this.maxQueue = options.maxQueue;
    this.onLoad = options.onLoad;
  }

  /** Current load, as a fresh object. */
  get stats(): BulkheadStats {
    return {
      running: this.running,
      queued: this.waiting.length,
      rejected: this.rejected,
    };
  }

  /**
   * Runs `operation` when a slot is free, waiting in line if the queue has room.
   *
   * @throws BulkheadFullError when every slot is taken and the queue is full
   */
  execute<T>(operation: Operation<T>, context: ExecutionContext): Promise<T> {
    if (this.maxConcurrent === 0) return operation(context);
    if (this.running < this.maxConcurrent) {
      this.running++;
      this.onLoad?.('admitted', this.running, this.waiting.length);
      return this.run(operation, context);
    }
    if (this.waiting.length < this.maxQueue)
      return this.runWhenFree(operation, context);
    this.rejected++;
    this.onLoad?.('rejected', this.running, this.waiting.length);
    return Promise.reject(
      new BulkheadFullError(this.name, this.maxConcurrent, this.maxQueue),
    );
  }

  private async runWhenFree<T>(
    operation: Operation<T>,
    context: ExecutionContext,
  ): Promise<T> {
    // The finishing call hands its slot over, so `running` already counts this one.
    const admitted = new Promise<void>((resolve) => this.waiting.push(resolve));
    this.onLoad?.('queued', this.running, this.waiting.length);
    await admitted;
    return this.run(operation, context);
  }

  private async run<T>(
    operation: Operation<T>,
    context: ExecutionContext,
  ): Promise<T> {
    try {
      return await operation(context);
    } finally {
      const next = this.waiting.shift();
      if (next === undefined) this.running--;
      else next();
      // A handed-over slot stays taken: the load is one call fewer waiting.
      this.onLoad?.('released', this.running, this.waiting.length);
    }
  }
}
