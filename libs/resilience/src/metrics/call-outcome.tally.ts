import type { CallOutcome } from '../events/resilience-event.interface.js';
import { CALL_OUTCOMES } from './resilience-metrics.constants.js';

const OUTCOME_INDEX = Object.fromEntries(
  CALL_OUTCOMES.map((outcome, index) => [outcome, index]),
) as Record<CallOutcome, number>;

/**
 * The calls of one service, as plain numbers: how many ended with each outcome, and how long
 * they took, bucketed. Recording a call is a few additions, with no label hashing and no
 * allocation: the metrics read the tallies when scraped.
 */
export class CallOutcomeTally {
  /** Calls by outcome, in the order of {@link CALL_OUTCOMES}. */
  readonly outcomes = new Float64Array(CALL_OUTCOMES.length);
  /** Calls by duration bucket (not cumulative); the last one is beyond every bound. */
  readonly buckets: Float64Array;
  /** Seconds of every call, added up. */
  sumSeconds = 0;
  /** Calls recorded. */
  count = 0;

  /** @param bounds upper bounds of the buckets, in seconds, ascending */
  constructor(private readonly bounds: readonly number[]) {
    this.buckets = new Float64Array(bounds.length + 1);
  }

  /** Counts one call. */
  record(outcome: CallOutcome, seconds: number): void {
    this.outcomes[OUTCOME_INDEX[outcome]]++;
    const bounds = this.bounds;
    let bucket = 0;
    while (bucket < bounds.length && seconds > bounds[bucket]) bucket++;
    this.buckets[bucket]++;
    this.sumSeconds += seconds;
    this.count++;
  }
}
