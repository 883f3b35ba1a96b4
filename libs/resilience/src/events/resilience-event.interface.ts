import type { CircuitStateChange } from '../breakers/circuit-state-change.interface.js';
import type { FallbackInfo } from '../policies/fallback-source.interface.js';

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
  /** The service of the method's breaker, when it has one. */
  service?: string;
  site: string;
  info: FallbackInfo;
}

/** A breaker's state transition. */
export interface CircuitStateEvent {
  kind: 'state';
  change: CircuitStateChange;
}

/** What the guarded calls report, as they happen. */
export type ResilienceEvent = RetryEvent | FallbackEvent | CircuitStateEvent;

/** Told about every {@link ResilienceEvent}, synchronously; it must not throw. */
export type ResilienceEventListener = (event: ResilienceEvent) => void;
