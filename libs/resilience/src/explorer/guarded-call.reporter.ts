import type { CallOutcome } from '../events/resilience-event.interface.js';
import type { ResilienceEvents } from '../events/resilience.events.js';
import { FallbackPolicy } from '../policies/fallback.policy.js';
import {
  PolicyPipeline,
  type PolicyLayers,
} from '../policies/policy.pipeline.js';
import type {
  ExecutionContext as AttemptContext,
  Operation,
} from '../policies/policy.interface.js';
import {
  answeredOutcome,
  failedOutcome,
  markFellBack,
} from './guarded-call.js';

/**
 * The clock of the reports, bound once: `globalThis.performance` is an accessor in Node, and a
 * module loader that wraps modules (as test runners do) makes each read through an import of
 * `perf_hooks` cost far more than the call it measures.
 */
const now: () => number = performance.now.bind(performance);

/**
 * Reports each call of one guarded method as a `call` event: its outcome and how long it took,
 * retries, backoff and fallback included. While nobody listens to {@link ResilienceEvents} a
 * call passes straight through: no clock read, no reaction, no event.
 */
export class GuardedCallReporter {
  /**
   * @param service the service the calls are counted under
   * @param site `ClassName.methodName` of the guarded method
   */
  constructor(
    private readonly events: ResilienceEvents,
    readonly service: string,
    readonly site: string,
  ) {}

  /** Whether calls are reported now. */
  get reporting(): boolean {
    return this.events.listening;
  }

  /** `run`, each call of it reported while anyone listens. */
  wrap<T>(run: Operation<T>): Operation<T> {
    return (context) => {
      if (!this.events.listening) return run(context);
      const startedAt = now();
      return this.observe(run(context), context, startedAt);
    };
  }

  /**
   * Reports the call settling `result` once it settles, and gives back a promise settling the
   * same way. A failure is handed on as `result` itself, not thrown again, so the caller sees
   * the same rejection (unhandled, if it does not handle it) at no extra cost.
   *
   * @param startedAt `now()` when the call began
   */
  observe<T>(
    result: Promise<T>,
    context: AttemptContext,
    startedAt: number,
  ): Promise<T> {
    return result.then(
      (value) => {
        this.report(answeredOutcome(context), startedAt);
        return value;
      },
      (error: unknown) => {
        this.report(failedOutcome(error), startedAt);
        return result;
      },
    );
  }

  private report(outcome: CallOutcome, startedAt: number): void {
    this.events.emit({
      kind: 'call',
      service: this.service,
      site: this.site,
      outcome,
      durationMs: now() - startedAt,
    });
  }
}

/** The pipeline of a decorated method, each call reported by its {@link GuardedCallReporter}. */
export class ReportingPolicyPipeline extends PolicyPipeline {
  constructor(
    layers: PolicyLayers,
    private readonly reporter: GuardedCallReporter,
  ) {
    super(layers);
  }

  override execute<T>(
    operation: Operation<T>,
    context: AttemptContext,
  ): Promise<T> {
    if (!this.reporter.reporting) return super.execute(operation, context);
    const startedAt = now();
    return this.reporter.observe(
      super.execute(operation, context),
      context,
      startedAt,
    );
  }

  override bind<T>(operation: Operation<T>): Operation<T> {
    return this.reporter.wrap(super.bind(operation));
  }
}

/**
 * A {@link FallbackPolicy} that marks the call's context when it served a stand-in, so that the
 * call is reported as `fallback` rather than `success`. Only a failed call pays for the mark.
 */
export class MarkingFallbackPolicy extends FallbackPolicy {
  override recover<T>(
    error: unknown,
    failed: Promise<T>,
    operation: Operation<T>,
    context: AttemptContext,
  ): Promise<T> {
    const outcome = super.recover(error, failed, operation, context);
    if (outcome === failed) return failed;
    return outcome.then((value) => {
      markFellBack(context);
      return value;
    });
  }
}
