import type { Histogram, Registry } from 'prom-client';
import type { CallOutcomeTally } from './call-outcome.tally.js';

/** prom-client, as loaded on demand (it is an optional peer dependency). */
export type PromClient = typeof import('prom-client');

type HistogramData = Awaited<ReturnType<Histogram<'service'>['get']>>;
type Sample = HistogramData['values'][number];

/** What {@link createTalliedHistogram} builds a histogram of. */
export interface TalliedHistogramOptions {
  name: string;
  help: string;
  registry: Registry;
  /** The tallies by service, read at each scrape. */
  tallies: ReadonlyMap<string, CallOutcomeTally>;
  /** The tallies' bucket bounds, in seconds, ascending. */
  bounds: readonly number[];
}

/**
 * A prom-client histogram of call durations, by `service`, whose buckets are read from the
 * {@link CallOutcomeTally} of each service when scraped instead of being observed one call at a
 * time: observing through prom-client hashes the labels on every call, which costs more than the
 * rest of a guarded call's bookkeeping. It renders as any histogram (`_bucket` with `le`, `_sum`,
 * `_count`); its `observe()` is not used. Registered in `options.registry`.
 */
export function createTalliedHistogram(
  client: PromClient,
  options: TalliedHistogramOptions,
): Histogram<'service'> {
  const { name, help, tallies, bounds } = options;
  const sample = (
    suffix: 'bucket' | 'sum' | 'count',
    labels: Record<string, string | number>,
    value: number,
  ): Sample => ({
    labels: labels as Sample['labels'],
    value,
    metricName: `${name}_${suffix}`,
  });
  const samples = (): Sample[] => {
    const all: Sample[] = [];
    for (const [service, tally] of tallies) {
      let cumulative = 0;
      bounds.forEach((bound, i) => {
        cumulative += tally.buckets[i];
        all.push(sample('bucket', { service, le: bound }, cumulative));
      });
      all.push(
        sample('bucket', { service, le: '+Inf' }, tally.count),
        sample('sum', { service }, tally.sumSeconds),
        sample('count', { service }, tally.count),
      );
    }
    return all;
  };

  class TalliedHistogram extends client.Histogram<'service'> {
    override async get(): Promise<HistogramData> {
      return {
        name,
        help,
        type: 'histogram',
        aggregator: 'sum',
        values: samples(),
      } as unknown as HistogramData;
    }

    /** What the registry renders the text format from (prom-client's histogram has it too). */
    getForPromString(): Promise<HistogramData> {
      return this.get();
    }
  }

  return new TalliedHistogram({
    name,
    help,
    labelNames: ['service'],
    buckets: [...bounds],
    registers: [options.registry],
  });
}
