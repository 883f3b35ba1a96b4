import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import {
  CircuitBreakerRegistry,
  BulkheadRegistry,
  ErrorClassifier,
  GuardedLayerRegistry,
  UNCLASSIFIED_RULE,
  type ProblemCode,
  type ResolvedResilienceSettings,
  isApplicationError,
  PolicyPipeline,
  RetryPolicy,
  TimeoutPolicy,
  RESILIENCE_SETTINGS,
} from '@nest-resilience/resilience';
import { DEAD_LETTER_OPTIONS } from './dead-letter.constants.js';
import type { ResolvedDeadLetterOptions } from './dead-letter-module-options.interface.js';
import { DeadLetterStoreUnavailableError } from './errors/dead-letter-store-unavailable.error.js';

/** Answers that mean "the store cannot be used now", whatever the driver said. */
const UNAVAILABLE: ReadonlySet<ProblemCode> = new Set<ProblemCode>([
  'DEPENDENCY_UNAVAILABLE',
  'UPSTREAM_UNAVAILABLE',
  'UPSTREAM_TIMEOUT',
  'REQUEST_TIMEOUT',
  'CIRCUIT_OPEN',
  'BULKHEAD_FULL',
]);

/**
 * Runs the dead letter store's statements through the resilience service named by
 * `storeService` (breaker, retry, bulkhead and per-attempt timeout from the configuration, so
 * the app's one `postgres` breaker sees them), and turns every "store unreachable" failure into
 * {@link DeadLetterStoreUnavailableError} (503 `DEPENDENCY_UNAVAILABLE`): a producer learns
 * that its message was not taken, whether the pool, the circuit or a timeout refused it.
 *
 * Logs the outage once when it starts and once when the store answers again. The store's
 * statements are safe to retry (idempotent inserts, token-checked updates).
 */
@Injectable()
export class DeadLetterStorePolicy {
  private readonly logger = new Logger('DeadLetterStore');
  private readonly pipeline?: PolicyPipeline;
  private unavailableSince?: number;

  constructor(
    @Inject(DEAD_LETTER_OPTIONS) options: ResolvedDeadLetterOptions,
    @Inject(RESILIENCE_SETTINGS) settings: ResolvedResilienceSettings,
    private readonly classifier: ErrorClassifier,
    breakers: CircuitBreakerRegistry,
    bulkheads: BulkheadRegistry,
    @Optional() layers?: GuardedLayerRegistry,
  ) {
    const service = options.storeService;
    if (service === undefined) return;
    layers?.declare(
      service,
      ['circuitBreaker', 'timeout', 'bulkhead', 'retry'],
      'DeadLetterModule.storeService',
    );
    const resolved = settings.resolveService(
      service,
      undefined,
      'DeadLetterModule.storeService',
    );
    this.pipeline = new PolicyPipeline({
      circuitBreaker: breakers.getOrCreate(service, resolved.circuitBreaker),
      bulkhead: bulkheads.getOrCreate(service, resolved.bulkhead),
      timeout: new TimeoutPolicy({
        name: service,
        timeoutMs: resolved.circuitBreaker.timeoutMs,
      }),
      retry: new RetryPolicy({
        ...resolved.retry,
        name: service,
        classify: (error) => this.classifier.classify(error),
        logger: new Logger(`Retry ${service}`),
      }),
    });
  }

  /**
   * Runs one store operation.
   * @throws DeadLetterStoreUnavailableError when the store cannot be reached now
   * @throws whatever else the operation threw (a refused statement is a bug, not an outage)
   */
  async run<T>(operation: () => Promise<T>): Promise<T> {
    try {
      const result = this.pipeline
        ? await this.pipeline.execute(() => operation(), { attempt: 0 })
        : await operation();
      this.markAvailable();
      return result;
    } catch (error) {
      if (isApplicationError(error)) throw error;
      const classification = this.classifier.classify(error);
      // An error no rule explains, raised by a statement against the store, is the store's
      // connection failing (pg's pool gives some of those no code).
      const unexplained = classification.rule === UNCLASSIFIED_RULE;
      if (!unexplained && !UNAVAILABLE.has(classification.code)) throw error;
      this.markUnavailable(classification.code, classification.sourceCode);
      throw new DeadLetterStoreUnavailableError(error);
    }
  }

  private markUnavailable(code: ProblemCode, sourceCode?: string): void {
    if (this.unavailableSince !== undefined) return;
    this.unavailableSince = Date.now();
    this.logger.error(
      `Dead letter store unavailable (${code}${sourceCode ? ` ${sourceCode}` : ''}): ` +
        'new dead letters are refused with 503 until it answers again',
    );
  }

  private markAvailable(): void {
    if (this.unavailableSince === undefined) return;
    const downMs = Date.now() - this.unavailableSince;
    this.unavailableSince = undefined;
    this.logger.log(`Dead letter store available again after ${downMs} ms`);
  }
}
