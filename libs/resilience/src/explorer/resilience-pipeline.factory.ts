import { Inject, Injectable, Logger } from '@nestjs/common';
import { CircuitBreakerRegistry } from '../breakers/circuit-breaker.registry.js';
import { BulkheadRegistry } from '../bulkheads/bulkhead.registry.js';
import type { ErrorClassification } from '../classification/error-classification.interface.js';
import { ErrorClassifier } from '../classification/error-classifier.js';
import { MAX_TIMER_DELAY_MS } from '../config/resilience-defaults.constants.js';
import type { ResolvedResilienceSettings } from '../config/resilience-settings.interface.js';
import { assertRetryBudget } from '../config/retry-budget.check.js';
import type {
  FallbackSpec,
  ResilienceMethodMetadata,
  RetryPredicate,
} from '../decorators/resilience-metadata.interface.js';
import { ResilienceConfigurationError } from '../errors/resilience-configuration.error.js';
import type { FallbackSource } from '../policies/fallback-source.interface.js';
import type {
  PolicyPipeline,
  PolicyLayers,
} from '../policies/policy.pipeline.js';
import { RetryPolicy } from '../policies/retry.policy.js';
import { TimeoutPolicy } from '../policies/timeout.policy.js';
import { ResilienceEvents } from '../events/resilience.events.js';
import { RESILIENCE_SETTINGS } from '../resilience.constants.js';
import {
  GuardedCallReporter,
  MarkingFallbackPolicy,
  ReportingPolicyPipeline,
} from './guarded-call.reporter.js';

/** The method a pipeline guards, for messages and fallbacks to methods of the same class. */
export interface GuardedMethod {
  /** The object whose other methods `{ method }` fallbacks call. */
  instance: object;
  /** `ClassName.methodName`, used in logs and configuration errors. */
  site: string;
  /** Give each attempt an `AbortSignal`. @default whether the method has `@AttemptSignal()` */
  abortable?: boolean;
}

/**
 * Builds the policy pipeline of one decorated method from its metadata and the per-service
 * configuration, checking at boot everything that can be checked: known services, valid
 * overrides, retry budgets, fallback methods that exist, breakers shaped the same by every
 * method sharing them.
 */
@Injectable()
export class ResiliencePipelineFactory {
  private readonly breakerShapes = new Map<
    string,
    { site: string; shape: string }
  >();
  private readonly classify = (error: unknown) =>
    this.classifier.classify(error);

  constructor(
    @Inject(RESILIENCE_SETTINGS)
    private readonly settings: ResolvedResilienceSettings,
    private readonly classifier: ErrorClassifier,
    private readonly breakers: CircuitBreakerRegistry,
    private readonly bulkheads: BulkheadRegistry,
    private readonly events: ResilienceEvents,
  ) {}

  /**
   * @throws ResilienceConfigurationError for an unknown service, an invalid override, a retry
   *   budget exceeded, a missing fallback method or two different shapes of one breaker
   */
  create(
    metadata: ResilienceMethodMetadata,
    target: GuardedMethod,
  ): PolicyPipeline {
    const abortable = target.abortable ?? metadata.signalIndex !== undefined;
    const layers: PolicyLayers = {};
    const { circuitBreaker, retry, bulkhead, timeout, fallback } = metadata;
    // What the method's calls, and the fallbacks serving them, are counted under.
    const service =
      circuitBreaker?.service ??
      bulkhead?.service ??
      retry?.service ??
      timeout?.service ??
      target.site;

    let timeoutMs = 0;
    if (circuitBreaker) {
      // The per-attempt timeout is the method's own, so it is not merged into (and checked
      // against the retry budget of) the shared service settings.
      const { timeoutMs: ownTimeoutMs, ...shared } = circuitBreaker.overrides;
      const resolved = this.resolve(circuitBreaker.service, target.site, {
        circuitBreaker: shared,
      });
      this.checkBreakerShape(circuitBreaker.service, shared, target.site);
      layers.circuitBreaker = this.breakers.getOrCreate(
        circuitBreaker.service,
        resolved.circuitBreaker,
      );
      timeoutMs = ownTimeoutMs ?? resolved.circuitBreaker.timeoutMs;
      assertTimeout(timeoutMs, `${target.site} @CircuitBreaker timeoutMs`);
    }
    if (timeout) {
      timeoutMs =
        timeout.timeoutMs ??
        this.resolve(timeout.service!, target.site).circuitBreaker.timeoutMs;
      assertTimeout(timeoutMs, `${target.site} @Timeout`);
    }
    if (timeoutMs > 0) {
      layers.timeout = new TimeoutPolicy({
        name: target.site,
        timeoutMs,
        abortable,
      });
    }
    if (bulkhead) {
      const resolved = this.resolve(bulkhead.service, target.site, {
        bulkhead: bulkhead.overrides,
      });
      layers.bulkhead = this.bulkheads.getOrCreate(
        bulkhead.service,
        resolved.bulkhead,
      );
    }
    if (retry) {
      const resolved = this.resolve(retry.service, target.site, {
        retry: retry.overrides,
      });
      assertRetryBudget(
        retry.service,
        { retry: resolved.retry, circuitBreaker: { timeoutMs } },
        target.site,
      );
      const { retryOn } = retry;
      layers.retry = new RetryPolicy({
        ...resolved.retry,
        name: retry.service,
        classify: retryOn
          ? (error) => narrowRetryable(this.classify(error), error, retryOn)
          : this.classify,
        onRetry: (info) => {
          retry.onRetry?.(info);
          this.events.emit({
            kind: 'retry',
            service: retry.service,
            site: target.site,
            ...info,
          });
        },
        logger: new Logger(`Retry ${target.site}`),
      });
    }
    if (fallback) {
      layers.fallback = new MarkingFallbackPolicy({
        name: target.site,
        sources: fallback.map((spec) => this.fallbackSource(spec, target)),
        classify: this.classify,
        logger: new Logger(`Fallback ${target.site}`),
        onFallback: (info) => {
          if (circuitBreaker) {
            this.breakers.get(circuitBreaker.service)?.recordFallback();
          }
          this.events.emit({
            kind: 'fallback',
            service,
            site: target.site,
            info,
          });
        },
      });
    }
    return new ReportingPolicyPipeline(
      layers,
      new GuardedCallReporter(this.events, service, target.site),
    );
  }

  private resolve(
    service: string,
    site: string,
    overrides?: Parameters<ResolvedResilienceSettings['resolveService']>[1],
  ) {
    return this.settings.resolveService(service, overrides, site);
  }

  private checkBreakerShape(
    service: string,
    shared: object,
    site: string,
  ): void {
    const shape = JSON.stringify(shared, Object.keys(shared).sort());
    const first = this.breakerShapes.get(service);
    if (!first) {
      this.breakerShapes.set(service, { site, shape });
    } else if (first.shape !== shape) {
      throw new ResilienceConfigurationError([
        `services.${service}.circuitBreaker: ${site} overrides the shared breaker with ${shape}, ` +
          `but ${first.site} with ${first.shape}; put the values in the configuration instead`,
      ]);
    }
  }

  private fallbackSource(
    spec: FallbackSpec,
    target: GuardedMethod,
  ): FallbackSource {
    if ('value' in spec) return { kind: 'value', value: spec.value };
    if ('lastGood' in spec) {
      return {
        kind: 'last-good',
        ...(spec.lastGood === true ? {} : spec.lastGood),
      };
    }
    const method = (target.instance as Record<string, unknown>)[spec.method];
    if (typeof method !== 'function') {
      throw new ResilienceConfigurationError([
        `${target.site}: @Fallback({ method: '${spec.method}' }) names no method of ` +
          `${target.instance.constructor.name}`,
      ]);
    }
    return {
      kind: 'function',
      run: (error, args) => method.call(target.instance, ...args, error),
    };
  }
}

/** The classification with `retryable` cleared when the method's own predicate declines it. */
function narrowRetryable(
  classification: ErrorClassification,
  error: unknown,
  retryOn: RetryPredicate,
): ErrorClassification {
  if (!classification.retryable || retryOn(classification, error))
    return classification;
  return { ...classification, retryable: false };
}

function assertTimeout(timeoutMs: number, where: string): void {
  if (
    !Number.isInteger(timeoutMs) ||
    timeoutMs < 0 ||
    timeoutMs > MAX_TIMER_DELAY_MS
  ) {
    throw new ResilienceConfigurationError([
      `${where}: must be a whole number of milliseconds from 0 to ${MAX_TIMER_DELAY_MS} (got ${timeoutMs})`,
    ]);
  }
}
