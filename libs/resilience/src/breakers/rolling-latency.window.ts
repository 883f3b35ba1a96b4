import { LatencyHistogram, latencyBin } from './latency.histogram.js';

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

/** Latest latencies kept for percentiles: beyond it, percentiles describe the latest calls. */
export const LATENCY_SAMPLE_CAPACITY = 1_024;
/** First size of the sample ring: a breaker that sees few calls never holds more. */
const INITIAL_SAMPLES = 8;
/** Per slice: completed calls, slow calls, sum of latencies, largest latency. */
const FIELDS = 4;
const CALLS = 0;
const SLOW = 1;
const SUM = 2;
const MAX = 3;
/** A sample packs its rotation number (low 24 bits) above its histogram bin (8 bits: 232 bins). */
const BIN_BITS = 8;
const ROTATION_MASK = 0xff_ffff;

/**
 * Completed calls of the last `bucketCount` time slices, in a few hundred bytes per breaker:
 * exact counts, slow calls, sum and maximum per slice, and one ring of the latest latencies
 * (as histogram bins, tagged with their slice) from which percentiles are computed on demand.
 * Recording and {@link rotate} are O(1) and allocation-free once the ring has grown; the ring
 * starts small and grows to at most {@link LATENCY_SAMPLE_CAPACITY}, so percentiles hold to the
 * histogram's resolution while the window has no more calls than that, and describe the latest
 * calls of the window beyond. {@link rotate} drops the oldest slice, in step with opossum's.
 */
export class RollingLatencyWindow {
  private slices: Float64Array | undefined;
  private samples: Uint32Array | undefined;
  private sampled = 0;
  private next = 0;
  private current = 0;
  private rotations = 0;
  private totalCalls = 0;
  private totalSlowCalls = 0;

  /** @param bucketCount slices in the window (`rollingCountBuckets`) */
  constructor(private readonly bucketCount: number) {}

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
    const slices = (this.slices ??= new Float64Array(
      this.bucketCount * FIELDS,
    ));
    const at = this.current * FIELDS;
    slices[at + CALLS]++;
    slices[at + SUM] += latencyMs;
    if (latencyMs > slices[at + MAX]) slices[at + MAX] = latencyMs;
    this.totalCalls++;
    if (slow) {
      slices[at + SLOW]++;
      this.totalSlowCalls++;
    }
    this.sample(latencyMs);
  }

  /** Starts a new slice, dropping the oldest. */
  rotate(): void {
    this.current = (this.current + 1) % this.bucketCount;
    this.rotations = (this.rotations + 1) & ROTATION_MASK;
    const slices = this.slices;
    if (!slices) return;
    const at = this.current * FIELDS;
    this.totalCalls -= slices[at + CALLS];
    this.totalSlowCalls -= slices[at + SLOW];
    slices.fill(0, at, at + FIELDS);
    // An empty window needs no samples: forgetting them keeps old tags from ever looking new.
    if (this.totalCalls === 0) this.sampled = this.next = 0;
  }

  /** Forgets every slice. */
  clear(): void {
    this.slices?.fill(0);
    this.sampled = 0;
    this.next = 0;
    this.totalCalls = 0;
    this.totalSlowCalls = 0;
  }

  /** Percentiles over the whole window: O(samples + bins), allocated only here. */
  snapshot(): LatencySnapshot {
    const merged = new LatencyHistogram();
    let sumMs = 0;
    const slices = this.slices;
    if (slices) {
      for (let at = 0; at < slices.length; at += FIELDS) {
        sumMs += slices[at + SUM];
        if (slices[at + MAX] > merged.maxMs) merged.maxMs = slices[at + MAX];
      }
    }
    const samples = this.samples;
    for (let i = 0; i < this.sampled && samples; i++) {
      const sample = samples[i];
      const age = (this.rotations - (sample >>> BIN_BITS)) & ROTATION_MASK;
      if (age >= this.bucketCount) continue;
      merged.counts[sample & ((1 << BIN_BITS) - 1)]++;
      merged.count++;
    }
    const count = this.totalCalls;
    return {
      count,
      mean: count === 0 ? 0 : sumMs / count,
      p50: merged.percentile(0.5),
      p90: merged.percentile(0.9),
      p95: merged.percentile(0.95),
      p99: merged.percentile(0.99),
      max: count === 0 ? 0 : merged.maxMs,
    };
  }

  private sample(latencyMs: number): void {
    let samples = this.samples;
    if (
      !samples ||
      (this.sampled === samples.length &&
        samples.length < LATENCY_SAMPLE_CAPACITY)
    ) {
      const grown = new Uint32Array(
        samples
          ? Math.min(samples.length * 2, LATENCY_SAMPLE_CAPACITY)
          : INITIAL_SAMPLES,
      );
      if (samples) grown.set(samples);
      // A full ring has wrapped its write position to 0: continue after the old samples.
      this.next = this.sampled;
      this.samples = samples = grown;
    }
    samples[this.next] =
      ((this.rotations << BIN_BITS) | latencyBin(latencyMs)) >>> 0;
    this.next = (this.next + 1) % samples.length;
    if (this.sampled < samples.length) this.sampled++;
  }
}
