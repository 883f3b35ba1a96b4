import { TimeoutError } from '../errors/timeout.error.js';
import type {
  ExecutionContext,
  Operation,
  ResiliencePolicy,
} from './policy.interface.js';

/** Largest delay Node's `setTimeout` honours; longer ones fire after 1 ms. */
const MAX_TIMER_DELAY_MS = 2 ** 31 - 1;

/** Options of a {@link TimeoutPolicy}. */
export interface TimeoutPolicyOptions {
  /** Name of the guarded dependency or method, reported in {@link TimeoutError}. */
  name: string;
  /** How long one attempt may take; `0` means no timeout (pass-through). */
  timeoutMs: number;
  /**
   * Give each attempt an `AbortSignal` on `context.signal`, aborted when it times out. Only
   * worth its cost when the operation reads the signal: building a signal costs a few
   * microseconds on Node 20, several times the rest of the policy.
   * @default false
   */
  abortable?: boolean;
}

/*
 * What `new Promise(captureResolvers)` handed its executor, taken right after: an attempt's
 * resolvers without an executor closure per attempt (Node 20 has no `Promise.withResolvers`).
 */
let capturedResolve: ((value: unknown) => void) | undefined;
let capturedReject: ((error: unknown) => void) | undefined;

function captureResolvers(
  resolve: (value: never) => void,
  reject: (error: unknown) => void,
): void {
  capturedResolve = resolve as (value: unknown) => void;
  capturedReject = reject;
}

/** One attempt waiting for its deadline; it stays queued until the queue's head passes it. */
class PendingAttempt {
  next: PendingAttempt | undefined = undefined;
  /** Rejects the attempt's promise; `undefined` once the attempt settled, however it did. */
  reject: ((error: unknown) => void) | undefined = undefined;
  controller: AbortController | undefined = undefined;

  constructor(readonly deadline: number) {}
}

/**
 * Bounds each attempt of a call: after `timeoutMs` the attempt's promise rejects with
 * {@link TimeoutError} and, when the policy is `abortable`, its signal is aborted with that error
 * as reason.
 *
 * A timed-out operation keeps running unless it honours the signal: a timeout frees the caller,
 * not the work.
 *
 * Every attempt through one policy has the same duration, so deadlines arrive in the order the
 * attempts started. The policy keeps them in a FIFO and arms one unref'd timer, for the oldest,
 * instead of a timer per call: a finished attempt is only marked settled and dropped when the
 * queue's head reaches it, and the timer is not re-armed once nothing is pending.
 */
export class TimeoutPolicy implements ResiliencePolicy {
  private readonly name: string;
  private readonly timeoutMs: number;
  private readonly abortable: boolean;
  private head: PendingAttempt | undefined;
  private tail: PendingAttempt | undefined;
  private timer: NodeJS.Timeout | undefined;

  /** @throws RangeError when `timeoutMs` is negative, not finite, or beyond Node's timer range */
  constructor(options: TimeoutPolicyOptions) {
    const { timeoutMs } = options;
    if (
      !Number.isFinite(timeoutMs) ||
      timeoutMs < 0 ||
      timeoutMs > MAX_TIMER_DELAY_MS
    ) {
      throw new RangeError(
        `Timeout "${options.name}": timeoutMs must be within 0..${MAX_TIMER_DELAY_MS}, got ${timeoutMs}`,
      );
    }
    this.name = options.name;
    this.timeoutMs = timeoutMs;
    this.abortable = options.abortable ?? false;
  }

  /**
   * Runs one attempt of `operation`, bounded by the timeout.
   *
   * @throws TimeoutError when the attempt outlives `timeoutMs`
   */
  execute<T>(operation: Operation<T>, context: ExecutionContext): Promise<T> {
    if (this.timeoutMs === 0) return operation(context);
    const pending = this.enqueue();
    let attemptContext = context;
    if (this.abortable) {
      pending.controller = new AbortController();
      // A copy, so a late reader of an earlier attempt's context keeps that attempt's signal.
      // Object.assign, since V8 takes a slow path for `{ ...context, signal }`.
      attemptContext = Object.assign({}, context);
      attemptContext.signal = pending.controller.signal;
    }
    const promise = new Promise<T>(captureResolvers);
    const resolve = capturedResolve as (value: T) => void;
    pending.reject = capturedReject;
    capturedResolve = capturedReject = undefined;
    let result: Promise<T>;
    try {
      result = operation(attemptContext);
    } catch (error) {
      settle(pending);
      return Promise.reject(error);
    }
    result.then(
      (value) => {
        // Past its deadline the attempt's promise is already rejected; nothing to undo.
        if (pending.reject === undefined) return;
        settle(pending);
        resolve(value);
      },
      (error: unknown) => {
        const { reject } = pending;
        if (reject === undefined) return;
        settle(pending);
        reject(error);
      },
    );
    return promise;
  }

  private enqueue(): PendingAttempt {
    const now = performance.now();
    // Drop what finished at the front, so a run of quick calls leaves nothing queued.
    let head = this.head;
    while (head !== undefined && head.reject === undefined) {
      const next = head.next;
      head.next = undefined;
      head = next;
    }
    const pending = new PendingAttempt(now + this.timeoutMs);
    if (head === undefined) {
      this.head = pending;
    } else {
      this.head = head;
      (this.tail as PendingAttempt).next = pending;
    }
    this.tail = pending;
    if (this.timer === undefined) this.arm((head ?? pending).deadline - now);
    return pending;
  }

  private readonly expire = (): void => {
    this.timer = undefined;
    const now = performance.now();
    let head: PendingAttempt | undefined;
    // Unlink before timing out: aborting runs listeners that may start a new attempt here.
    while (
      (head = this.head) !== undefined &&
      (head.reject === undefined || head.deadline <= now)
    ) {
      this.head = head.next;
      // A hung operation keeps its entry alive; unlinking stops it from holding every later one.
      head.next = undefined;
      if (head.reject !== undefined) this.timeOut(head);
    }
    if (this.head === undefined) this.tail = undefined;
    else if (this.timer === undefined) this.arm(this.head.deadline - now);
  };

  private arm(delayMs: number): void {
    // Node fires a timer on whole milliseconds; rounding down would wake it before the deadline.
    this.timer = setTimeout(this.expire, Math.max(1, Math.ceil(delayMs)));
    this.timer.unref();
  }

  private timeOut(pending: PendingAttempt): void {
    const { reject, controller } = pending;
    settle(pending);
    const error = new TimeoutError(this.name, this.timeoutMs);
    reject?.(error);
    controller?.abort(error);
  }
}

/** Marks an attempt done and lets go of what it no longer needs while it waits to be dropped. */
function settle(pending: PendingAttempt): void {
  pending.reject = undefined;
  pending.controller = undefined;
}
