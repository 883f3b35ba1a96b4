import { LatencyHistogram } from './latency.histogram.js';

/** Latency percentiles over a rolling window, in milliseconds; all `0` when it is empty. */
export interface LatencySnapshot {
  /** Calls whose latency the window holds. */
  count: number;
  mean: number;
  p50: number;
  p90: number;
  p95: number;
  p99: number;
  /** Exact. */
  max: number;
}

/**
 * Completed calls of the last `bucketCount` time slices: one latency histogram and one slow-call
 * count per slice. Recording is O(1); percentiles are merged from the slices only when read;
 * {@link rotate} drops the oldest slice, in step with opossum's own window.
 */
export class RollingLatencyWindow {
  private readonly histograms: LatencyHistogram[] = [];
  private readonly slowCounts: Uint32Array;
  private current = 0;
  private totalCalls = 0;
  private totalSlowCalls = 0;

  /** @param bucketCount slices in the window (`rollingCountBuckets`) */
  constructor(private readonly bucketCount: number) {
    for (let i = 0; i < bucketCount; i++)
      this.histograms.push(new LatencyHistogram());
    this.slowCounts = new Uint32Array(bucketCount);
  }

  /** Completed calls in the window. */
  get calls(): number {
    return this.totalCalls;
  }

  /** Slow calls in the window. */
  get slowCalls(): number {
    return this.totalSlowCalls;
  }

  /** Records one completed call in the current slice. */
  record(latencyMs: number, slow: boolean): void {
    this.histograms[this.current].record(latencyMs);
    this.totalCalls++;
    if (slow) {
      this.slowCounts[this.current]++;
      this.totalSlowCalls++;
    }
  }

  /** Starts a new slice, dropping the oldest. */
  rotate(): void {
    this.current = (this.current + 1) % this.bucketCount;
    const dropped = this.histograms[this.current];
    this.totalCalls -= dropped.count;
    this.totalSlowCalls -= this.slowCounts[this.current];
    dropped.clear();
    this.slowCounts[this.current] = 0;
  }

  /** Forgets every slice. */
  clear(): void {
    for (const histogram of this.histograms) histogram.clear();
    this.slowCounts.fill(0);
    this.totalCalls = 0;
    this.totalSlowCalls = 0;
  }

  /** Percentiles over the whole window: O(slices × bins), allocated only here. */
  snapshot(): LatencySnapshot {
    const merged = new LatencyHistogram();
    for (const histogram of this.histograms) histogram.addTo(merged);
    return {
      count: merged.count,
      mean: merged.count === 0 ? 0 : merged.sumMs / merged.count,
      p50: merged.percentile(0.5),
      p90: merged.percentile(0.9),
      p95: merged.percentile(0.95),
      p99: merged.percentile(0.99),
      max: merged.maxMs,
    };
  }
}
