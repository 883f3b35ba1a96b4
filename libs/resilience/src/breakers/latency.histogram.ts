/** Values below this get a bin of their own (exact). */
const EXACT_LIMIT = 16;
/** Above {@link EXACT_LIMIT}, each power of two is split into `2 ** SUB_BIN_BITS` bins. */
const SUB_BIN_BITS = 3;
/** Largest latency told apart; longer ones share the last bin (about 24.8 days). */
const MAX_LATENCY_MS = 2 ** 31 - 1;

/** Number of bins: the exact ones, then 8 per power of two from 16 up to 2^31. */
export const LATENCY_BIN_COUNT = EXACT_LIMIT + (31 - 4) * (1 << SUB_BIN_BITS);

/**
 * Bin of a latency in a log-linear layout: exact below 16 ms, then 8 bins per power of two,
 * so any value is known to within 12.5 %. O(1): no logarithm, only `Math.clz32`.
 */
export function latencyBin(latencyMs: number): number {
  // `> 0` is false for NaN too, so a broken clock reading lands in bin 0.
  const value =
    latencyMs > 0 ? Math.floor(Math.min(latencyMs, MAX_LATENCY_MS)) : 0;
  if (value < EXACT_LIMIT) return value;
  const exponent = 31 - Math.clz32(value);
  const subBin =
    (value >>> (exponent - SUB_BIN_BITS)) & ((1 << SUB_BIN_BITS) - 1);
  return EXACT_LIMIT + ((exponent - 4) << SUB_BIN_BITS) + subBin;
}

/** Largest latency (ms) that falls in `bin`: what a percentile landing there reports. */
export function latencyBinUpperBound(bin: number): number {
  if (bin < EXACT_LIMIT) return bin;
  const offset = bin - EXACT_LIMIT;
  const shift = (offset >>> SUB_BIN_BITS) + 4 - SUB_BIN_BITS;
  const subBin = offset & ((1 << SUB_BIN_BITS) - 1);
  return ((1 << SUB_BIN_BITS) + subBin + 1) * 2 ** shift - 1;
}

/**
 * Counts of latencies in fixed log-linear bins, plus their exact sum and maximum: recording is
 * O(1) and allocation-free, whatever the number of calls, unlike a sorted list of samples.
 */
export class LatencyHistogram {
  /** Calls recorded per bin. */
  readonly counts = new Uint32Array(LATENCY_BIN_COUNT);
  /** Calls recorded. */
  count = 0;
  /** Sum of the recorded latencies, for the mean. */
  sumMs = 0;
  /** Largest recorded latency. */
  maxMs = 0;

  /** Adds one call's latency. */
  record(latencyMs: number): void {
    this.counts[latencyBin(latencyMs)]++;
    this.count++;
    this.sumMs += latencyMs;
    if (latencyMs > this.maxMs) this.maxMs = latencyMs;
  }

  /** Adds everything recorded here to `target`. */
  addTo(target: LatencyHistogram): void {
    const counts = target.counts;
    for (let bin = 0; bin < LATENCY_BIN_COUNT; bin++)
      counts[bin] += this.counts[bin];
    target.count += this.count;
    target.sumMs += this.sumMs;
    if (this.maxMs > target.maxMs) target.maxMs = this.maxMs;
  }

  /** Forgets everything recorded. */
  clear(): void {
    this.counts.fill(0);
    this.count = 0;
    this.sumMs = 0;
    this.maxMs = 0;
  }

  /**
   * Smallest recorded latency that at least `quantile` of the calls did not exceed (the same
   * nearest-rank rule as opossum's percentiles), reported as the upper bound of its bin and
   * never above the exact maximum; `0` when nothing was recorded.
   *
   * @param quantile between 0 and 1, for example `0.99`
   */
  percentile(quantile: number): number {
    if (this.count === 0) return 0;
    const rank = Math.max(1, Math.ceil(quantile * this.count));
    let seen = 0;
    for (let bin = 0; bin < LATENCY_BIN_COUNT; bin++) {
      seen += this.counts[bin];
      if (seen >= rank) return Math.min(latencyBinUpperBound(bin), this.maxMs);
    }
    return this.maxMs;
  }
}
