import type { OnModuleDestroy } from '@nestjs/common';
import type { Counter, Gauge, Registry } from 'prom-client';
import type { CircuitBreakerRegistry } from '../breakers/circuit-breaker.registry.js';
import type { CircuitState } from '../breakers/circuit-state.enum.js';
import type {
  BulkheadEvent,
  CallEvent,
  ResilienceEvent,
} from '../events/resilience-event.interface.js';
import type { ResilienceEvents } from '../events/resilience.events.js';
import { ResilienceConfigurationError } from '../errors/resilience-configuration.error.js';
import { CallOutcomeTally } from './call-outcome.tally.js';
import type { ResilienceMetricsOptions } from './resilience-metrics-options.interface.js';
import {
  CALL_OUTCOMES,
  CIRCUIT_STATE_VALUES,
  circuitStateLabel,
  DEFAULT_DURATION_BUCKETS,
  DEFAULT_METRICS_PREFIX,
} from './resilience-metrics.constants.js';
import {
  createTalliedHistogram,
  type PromClient,
} from './tallied.histogram.js';

/** The load of one bulkhead, as its last event told it. */
interface BulkheadLoad {
  running: number;
  queued: number;
}

/**
 * Prometheus metrics of the guarded calls, kept up to date from {@link ResilienceEvents} (never
 * by polling the breakers' stats), in a prom-client registry it owns unless given one. Metric
 * names start with the prefix (`resilience_` by default); label values are service names, states
 * and outcomes only, never ids:
 *
 * - `circuit_state{service}`: 0 closed, 1 half open, 2 open, 3 disabled;
 * - `circuit_transitions_total{service,from,to}`;
 * - `calls_total{service,outcome}` and `call_duration_seconds{service}` (histogram), one per
 *   call of a decorated method, retries and fallback included;
 * - `retries_total{service}`, `fallbacks_total{service,source}`;
 * - `bulkhead_active{service}`, `bulkhead_queued{service}`, `bulkhead_rejections_total{service}`.
 *
 * The success path's metrics (calls, durations, bulkhead load) are tallied as plain numbers
 * and copied into prom-client when scraped; rarer events (retries, fallbacks, transitions) go
 * to prom-client at once.
 *
 * `prom-client` is an optional peer dependency, loaded by {@link create}: build it with
 * `ResilienceMetricsModule`, or `await ResilienceMetrics.create(events, options)` without Nest.
 */
export class ResilienceMetrics implements OnModuleDestroy {
  /** The registry every metric is registered in; serve `registry.metrics()` on `/metrics`. */
  readonly registry: Registry;
  /** Prepended to every metric name of the library. */
  readonly prefix: string;
  /** Whether the metrics are kept (see {@link ResilienceMetricsOptions.enabled}). */
  readonly enabled: boolean;

  private readonly calls = new Map<string, CallOutcomeTally>();
  private readonly bulkheads = new Map<string, BulkheadLoad>();
  private readonly bounds: readonly number[];
  private readonly circuitState: Gauge<'service'>;
  private readonly transitions: Counter<'service' | 'from' | 'to'>;
  private readonly retries: Counter<'service'>;
  private readonly fallbacks: Counter<'service' | 'source'>;
  private readonly bulkheadRejections: Counter<'service'>;
  private readonly unsubscribe: () => void = () => undefined;

  /**
   * Loads prom-client and builds the metrics, listening to `events` from now on.
   *
   * @param breakers breakers created before now (in a provider's constructor) are reported from
   *   its list; later ones from their `breaker` event
   * @throws ResilienceConfigurationError when prom-client is not installed
   */
  static async create(
    events: ResilienceEvents,
    options: ResilienceMetricsOptions = {},
    breakers?: CircuitBreakerRegistry,
  ): Promise<ResilienceMetrics> {
    let client: PromClient;
    try {
      client = await import('prom-client');
    } catch (error) {
      throw new ResilienceConfigurationError([
        `metrics: the package prom-client could not be loaded (npm install prom-client): ${String(error)}`,
      ]);
    }
    return new ResilienceMetrics(client, events, options, breakers);
  }

  private constructor(
    private readonly client: PromClient,
    events: ResilienceEvents,
    options: ResilienceMetricsOptions,
    breakers?: CircuitBreakerRegistry,
  ) {
    const { Counter, Gauge } = client;
    this.registry = options.registry ?? new client.Registry();
    this.prefix = options.prefix ?? DEFAULT_METRICS_PREFIX;
    this.bounds = [...(options.durationBuckets ?? DEFAULT_DURATION_BUCKETS)];
    this.enabled = options.enabled ?? true;
    if (!this.enabled) return;
    const registers = [this.registry];
    if (options.defaultMetrics ?? true) {
      client.collectDefaultMetrics({ register: this.registry });
    }
    this.circuitState = new Gauge({
      name: this.name('circuit_state'),
      help: 'State of the circuit breaker: 0 closed, 1 half open, 2 open, 3 disabled',
      labelNames: ['service'],
      registers,
    });
    this.transitions = new Counter({
      name: this.name('circuit_transitions_total'),
      help: 'State transitions of the circuit breaker',
      labelNames: ['service', 'from', 'to'],
      registers,
    });
    this.registerCalls();
    this.retries = new Counter({
      name: this.name('retries_total'),
      help: 'Retries of guarded calls (attempts after the first)',
      labelNames: ['service'],
      registers,
    });
    this.fallbacks = new Counter({
      name: this.name('fallbacks_total'),
      help: 'Results served by a fallback, by the kind of source that served them',
      labelNames: ['service', 'source'],
      registers,
    });
    this.registerBulkheadLoad();
    this.bulkheadRejections = new Counter({
      name: this.name('bulkhead_rejections_total'),
      help: 'Calls refused by a full bulkhead',
      labelNames: ['service'],
      registers,
    });
    for (const breaker of breakers?.list() ?? []) {
      this.setState(breaker.name, breaker.currentState);
    }
    this.unsubscribe = events.on(this.record);
  }

  /** `suffix` with the prefix: the name of a metric of this family. */
  name(suffix: string): string {
    return `${this.prefix}${suffix}`;
  }

  /** The text exposition of every metric of the registry. */
  metrics(): Promise<string> {
    return this.registry.metrics();
  }

  /** The registry's content type (`text/plain; version=0.0.4; charset=utf-8`). */
  get contentType(): string {
    return this.registry.contentType;
  }

  /** Stops listening; the registry keeps the values it has. */
  onModuleDestroy(): void {
    this.unsubscribe();
  }

  private readonly record = (event: ResilienceEvent): void => {
    switch (event.kind) {
      case 'call':
        return this.recordCall(event);
      case 'bulkhead':
        return this.recordBulkhead(event);
      case 'retry':
        this.retries.inc({ service: event.service });
        return;
      case 'fallback':
        this.fallbacks.inc({
          service: event.service ?? event.site,
          source: event.info.source,
        });
        return;
      case 'breaker':
        return this.setState(event.service, event.state);
      case 'state': {
        const { breaker, from, to } = event.change;
        this.setState(breaker, to);
        this.transitions.inc({
          service: breaker,
          from: circuitStateLabel(from),
          to: circuitStateLabel(to),
        });
      }
    }
  };

  private recordCall(event: CallEvent): void {
    let tally = this.calls.get(event.service);
    if (tally === undefined) {
      tally = new CallOutcomeTally(this.bounds);
      this.calls.set(event.service, tally);
    }
    tally.record(event.outcome, event.durationMs / 1000);
  }

  private recordBulkhead(event: BulkheadEvent): void {
    let load = this.bulkheads.get(event.service);
    if (load === undefined) {
      load = { running: 0, queued: 0 };
      this.bulkheads.set(event.service, load);
    }
    load.running = event.running;
    load.queued = event.queued;
    if (event.action === 'rejected')
      this.bulkheadRejections.inc({ service: event.service });
  }

  private setState(service: string, state: CircuitState): void {
    this.circuitState.set({ service }, CIRCUIT_STATE_VALUES[state]);
  }

  private registerCalls(): void {
    const calls = this.calls;
    new this.client.Counter({
      name: this.name('calls_total'),
      help: 'Calls of guarded methods by outcome: success, failure, timeout, rejected, short_circuited, fallback',
      labelNames: ['service', 'outcome'],
      registers: [this.registry],
      collect() {
        this.reset();
        for (const [service, tally] of calls) {
          CALL_OUTCOMES.forEach((outcome, i) =>
            this.inc({ service, outcome }, tally.outcomes[i]),
          );
        }
      },
    });
    createTalliedHistogram(this.client, {
      name: this.name('call_duration_seconds'),
      help: 'Duration of calls of guarded methods, retries, backoff and fallback included',
      registry: this.registry,
      tallies: calls,
      bounds: this.bounds,
    });
  }

  private registerBulkheadLoad(): void {
    const bulkheads = this.bulkheads;
    const gauge = (
      suffix: string,
      help: string,
      read: (load: BulkheadLoad) => number,
    ) =>
      new this.client.Gauge({
        name: this.name(suffix),
        help,
        labelNames: ['service'],
        registers: [this.registry],
        collect() {
          for (const [service, load] of bulkheads)
            this.set({ service }, read(load));
        },
      });
    gauge('bulkhead_active', 'Calls holding a bulkhead slot', (l) => l.running);
    gauge(
      'bulkhead_queued',
      'Calls waiting for a bulkhead slot',
      (l) => l.queued,
    );
  }
}
