import type { CircuitStateChange } from '../breakers/circuit-state-change.interface.js';
import type { CircuitState } from '../breakers/circuit-state.enum.js';
import type { FallbackInfo } from '../policies/fallback-source.interface.js';
import type { BulkheadAction } from '../policies/bulkhead.policy.js';

/** A retry about to wait and call again. */
export interface RetryEvent {
  kind: 'retry';
  /** The service whose retry settings apply. */
  service: string;
  /** `ClassName.methodName` of the guarded method. */
  site: string;
  /** The attempt about to be made: 2 for the first retry. */
  attempt: number;
  delayMs: number;
  /** The error of the attempt that just failed. */
  error: unknown;
}

/** A fallback that served a result in place of the call. */
export interface FallbackEvent {
  kind: 'fallback';
  /**
   * What the method's calls are counted under (see {@link CallEvent.service}): its breaker's
   * service when it has one. Set by the decorators; optional for events of other origins.
   */
  service?: string;
  site: string;
  info: FallbackInfo;
}

/** A breaker's state transition. */
export interface CircuitStateEvent {
  kind: 'state';
  change: CircuitStateChange;
}

/** A breaker was created (it starts closed unless told otherwise); transitions follow as `state`. */
export interface BreakerCreatedEvent {
  kind: 'breaker';
  /** Name of the breaker: its service. */
  service: string;
  state: CircuitState;
}

/**
 * How a guarded call ended, as its caller saw it, all attempts and the fallback included:
 * - `success`: the call answered;
 * - `fallback`: it failed and a fallback served a stand-in;
 * - `short_circuited`: refused by an open circuit (`CircuitOpenError`);
 * - `rejected`: refused by a full bulkhead or a breaker at capacity (`BulkheadFullError`);
 * - `timeout`: its last attempt outlived its timeout (`TimeoutError`);
 * - `failure`: any other error.
 */
export type CallOutcome =
  | 'success'
  | 'failure'
  | 'timeout'
  | 'rejected'
  | 'short_circuited'
  | 'fallback';

/** A guarded call ended. Emitted only while someone listens, so it costs nothing otherwise. */
export interface CallEvent {
  kind: 'call';
  /**
   * The service the method names (its breaker's, else its bulkhead's, retry's or timeout's),
   * or its `ClassName.methodName` when it names none.
   */
  service: string;
  site: string;
  outcome: CallOutcome;
  /** From the call to its outcome, retries, backoff and fallback included. */
  durationMs: number;
}

/** A bulkhead admitted, queued, released or refused a call; with its load just after. */
export interface BulkheadEvent {
  kind: 'bulkhead';
  /** Name of the bulkhead: its service. */
  service: string;
  action: BulkheadAction;
  /** Calls holding a slot now. */
  running: number;
  /** Calls waiting for a slot now. */
  queued: number;
}

/** What the guarded calls report, as they happen. */
export type ResilienceEvent =
  | RetryEvent
  | FallbackEvent
  | CircuitStateEvent
  | BreakerCreatedEvent
  | CallEvent
  | BulkheadEvent;

/** Told about every {@link ResilienceEvent}, synchronously; it must not throw. */
export type ResilienceEventListener = (event: ResilienceEvent) => void;
