import { Inject, Injectable, Logger } from '@nestjs/common';
import { DeadLetterService } from '@nest-resilience/dead-letters';
import { AlertService } from '@nest-resilience/problem-details';
import { ErrorClassifier, ErrorSeverity } from '@nest-resilience/resilience';
import { WorkflowDeadLetterFactory } from '../dead-letters/workflow-dead-letter.factory.js';
import type { Checkpoint } from '../pipelines/checkpoint.interface.js';
import { CheckpointStore } from '../pipelines/checkpoint.store.js';
import { HandlingStrategy } from '../pipelines/handling-strategy.enum.js';
import { determineHandlingStrategy } from '../pipelines/handling-strategy.policy.js';
import type { PipelineDefinition } from '../pipelines/pipeline-definition.interface.js';
import { PipelineStatus } from '../pipelines/pipeline-status.enum.js';
import { StepAction } from '../pipelines/step-action.enum.js';
import type { StepHistoryEntry } from '../pipelines/step-history-entry.interface.js';
import { StepOutcome } from '../pipelines/step-outcome.enum.js';
import {
  StepPipelineRunner,
  type CompensationFailure,
} from '../pipelines/step-pipeline.runner.js';
import { WORKFLOWS_OPTIONS } from '../workflows.constants.js';
import type { ResolvedWorkflowsOptions } from '../workflows-module-options.interface.js';
import { checkpointError } from './checkpoint-error.factory.js';
import { formatDecision } from './decision-log.format.js';

/** How a compensation run ended. */
export type CompensationOutcome =
  | { kind: 'finished'; status: PipelineStatus }
  /** Some undo failed with a passing error: tried again after `delayMs`. */
  | { kind: 'scheduled'; delayMs: number }
  | { kind: 'lease-lost' };

/**
 * Undoes the completed steps of a message that failed for good, latest first. Each undo is
 * retried by its own client method's `@Retry`; an undo that still fails with a passing error
 * (or a refusal: open circuit, full bulkhead) is tried again later, up to `maxRetries` times
 * for the message; one that fails for good, or past that, is dead-lettered with everything an
 * operator needs to finish it by hand, and the others go on. The message ends `COMPENSATED`, or
 * `COMPENSATION_FAILED` while an undo waits in the dead letter queue.
 */
@Injectable()
export class CompensationCoordinator {
  private readonly logger = new Logger('WorkflowCompensation');

  constructor(
    @Inject(WORKFLOWS_OPTIONS)
    private readonly config: ResolvedWorkflowsOptions,
    private readonly runner: StepPipelineRunner,
    private readonly store: CheckpointStore,
    private readonly classifier: ErrorClassifier,
    private readonly deadLetters: DeadLetterService,
    private readonly deadLetterFactory: WorkflowDeadLetterFactory,
    private readonly alerts: AlertService,
  ) {}

  /**
   * Compensates a message held by `token` (status `COMPENSATING`).
   * @param options.only undo only these steps (a replayed dead letter of one undo)
   * @param options.replay whether a dead letter is being replayed: a failed undo is then
   *   thrown to the replay instead of being retried or dead-lettered again
   * @throws the undo's error, in a replay
   */
  async run(
    definition: PipelineDefinition,
    checkpoint: Checkpoint,
    token: string,
    options: { only?: readonly string[]; replay?: boolean } = {},
  ): Promise<CompensationOutcome> {
    const result = await this.runner.compensate(
      definition,
      checkpoint,
      token,
      options.only,
    );
    if (result.kind === 'lease-lost') return { kind: 'lease-lost' };
    const current = result.checkpoint;
    const decisions = result.failures.map((failure) =>
      this.decide(current, failure),
    );
    const retry = decisions.find((d) => d.delayMs !== undefined);
    if (retry && !options.replay)
      return this.schedule(current, token, decisions, retry.delayMs!);

    const history: StepHistoryEntry[] = [];
    for (const { failure, entry } of decisions) {
      const reason = `${entry.reason}; dead-lettered for an operator`;
      if (!options.replay) {
        await this.deadLetters.deadLetter(
          this.deadLetterFactory.compensation(
            current,
            failure.step,
            failure.error,
            checkpoint.lastError,
          ),
        );
        this.alerts.raise({
          key: `${this.config.name}-compensation:${checkpoint.type}:${failure.step.name}`,
          severity: ErrorSeverity.HIGH,
          title: `Undo of ${failure.step.name} needs an operator`,
          message: `message ${checkpoint.id}: ${reason}`,
          details: {
            messageId: checkpoint.id,
            step: failure.step.name,
            code: entry.error?.code,
          },
        });
      }
      this.logger.warn(
        formatDecision(
          checkpoint,
          HandlingStrategy.DEAD_LETTER,
          reason,
          failure.step.name,
        ),
      );
      history.push({
        ...entry,
        strategy: HandlingStrategy.DEAD_LETTER,
        reason,
      });
    }
    const pending = StepPipelineRunner.hasCompensation(definition, current);
    const status = pending
      ? PipelineStatus.COMPENSATION_FAILED
      : PipelineStatus.COMPENSATED;
    const at = new Date();
    const written = await this.store.commit(
      checkpoint.id,
      token,
      { status, leaseToken: null, leaseUntil: null, finishedAt: at },
      history,
      at,
    );
    if (!written) return { kind: 'lease-lost' };
    this.logger.log(
      formatDecision(
        checkpoint,
        status,
        `undone: ${current.compensatedSteps.join(', ') || 'nothing'}` +
          (pending ? '; the rest waits in the dead letter queue' : ''),
      ),
    );
    if (options.replay && result.failures.length > 0)
      throw result.failures[0].error;
    return { kind: 'finished', status };
  }

  /** What to do about one failed undo: a history line, and a wait when it may be retried. */
  private decide(checkpoint: Checkpoint, failure: CompensationFailure) {
    const classification = this.classifier.classify(failure.error);
    const decision = determineHandlingStrategy(
      classification,
      {
        retryCount: checkpoint.retryCount,
        maxRetries: this.config.maxRetries,
        hasFallback: false,
        hasCompensation: false,
      },
      {
        retry: {
          backoff: 'exponential',
          jitter: 'full',
          baseDelayMs: this.config.retryBaseDelayMs,
          maxDelayMs: this.config.retryMaxDelayMs,
        },
        circuitBreakDelayMs: this.config.circuitBreakDelayMs,
      },
    );
    // A refusal is counted here too: an undo must not wait for a dead target forever.
    const retries =
      decision.strategy !== HandlingStrategy.DEAD_LETTER &&
      checkpoint.retryCount < this.config.maxRetries;
    const entry: StepHistoryEntry = {
      step: failure.step.name,
      action: StepAction.COMPENSATE,
      outcome: StepOutcome.FAILED,
      attempt: checkpoint.retryCount + 1,
      startedAt: failure.startedAt,
      finishedAt: new Date(),
      error: checkpointError(classification, failure.error, failure.step.name),
      reason: `undo of ${failure.step.name} failed with ${classification.code}: ${decision.reason}`,
    };
    return {
      failure,
      entry,
      ...(retries
        ? { delayMs: decision.delayMs ?? this.config.circuitBreakDelayMs }
        : {}),
    };
  }

  /**
   * Gives the message up until `delayMs` from now: still `COMPENSATING`, its lease set to the
   * retry time with no holder, so neither this instance's timer nor recovery takes it sooner.
   */
  private async schedule(
    checkpoint: Checkpoint,
    token: string,
    decisions: ReturnType<CompensationCoordinator['decide']>[],
    delayMs: number,
  ): Promise<CompensationOutcome> {
    const at = new Date();
    const history = decisions.map(({ entry }) => ({
      ...entry,
      strategy: HandlingStrategy.RETRY,
    }));
    for (const { failure, entry } of decisions) {
      this.logger.log(
        formatDecision(
          checkpoint,
          HandlingStrategy.RETRY,
          entry.reason!,
          failure.step.name,
        ),
      );
    }
    const written = await this.store.commit(
      checkpoint.id,
      token,
      {
        retryCount: checkpoint.retryCount + 1,
        leaseToken: null,
        leaseUntil: new Date(at.getTime() + delayMs),
      },
      history,
      at,
    );
    return written ? { kind: 'scheduled', delayMs } : { kind: 'lease-lost' };
  }
}
