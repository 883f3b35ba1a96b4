import type { Registry } from 'prom-client';

/** Options of `ResilienceMetricsModule.forRoot()`. */
export interface ResilienceMetricsOptions {
  /**
   * `false` turns the metrics off without changing the module graph (from configuration): no
   * listener, so guarded calls pay nothing, and no metric registered; the registry stays empty.
   * @default true
   */
  enabled?: boolean;
  /**
   * The prom-client registry the metrics are registered in. Pass one to expose them beside
   * metrics of your own; prom-client's global `register` is never used unless passed here.
   * @default a new `Registry`, owned by {@link ResilienceMetrics}
   */
  registry?: Registry;
  /** Prepended to every metric name of the library. @default 'resilience_' */
  prefix?: string;
  /**
   * Also collect prom-client's default process metrics (CPU, memory, event loop lag, GC, ...)
   * into the registry. Turn it off when the registry given already collects them.
   * @default true
   */
  defaultMetrics?: boolean;
  /**
   * Upper bounds, in seconds, of the buckets of `<prefix>call_duration_seconds`.
   * @default [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30]
   */
  durationBuckets?: number[];
}
