import { Inject, Injectable } from '@nestjs/common';
import { DeadLetterService } from '@nest-resilience/dead-letters';
import {
  ErrorClassifier,
  type ErrorClassification,
} from '@nest-resilience/resilience';
import { WorkflowDeadLetterFactory } from '../dead-letters/workflow-dead-letter.factory.js';
import type { CheckpointPatch } from '../pipelines/checkpoint.interface.js';
import { CheckpointStore } from '../pipelines/checkpoint.store.js';
import type { HandlingDecision } from '../pipelines/handling-decision.interface.js';
import { HandlingStrategy } from '../pipelines/handling-strategy.enum.js';
import { determineHandlingStrategy } from '../pipelines/handling-strategy.policy.js';
import type { PipelineDefinition } from '../pipelines/pipeline-definition.interface.js';
import { PipelineStatus } from '../pipelines/pipeline-status.enum.js';
import { StepAction } from '../pipelines/step-action.enum.js';
import type { StepHistoryEntry } from '../pipelines/step-history-entry.interface.js';
import { StepOutcome } from '../pipelines/step-outcome.enum.js';
import { StepPipelineRunner } from '../pipelines/step-pipeline.runner.js';
import { WORKFLOWS_OPTIONS } from '../workflows.constants.js';
import type { ResolvedWorkflowsOptions } from '../workflows-module-options.interface.js';
import { checkpointError } from './checkpoint-error.factory.js';
import { CompensationCoordinator } from './compensation.coordinator.js';
import { FailureNotifier } from './failure.notifier.js';
import type {
  FailureResolution,
  StepFailure,
} from './step-failure.interface.js';

/**
 * Handles a failed step in one place: classifies the error once, asks
 * `determineHandlingStrategy` what to do, has the `FailureNotifier` log, record and alert it,
 * and carries the decision out: schedule a retry, wait out an open circuit, fall back,
 * compensate or dead-letter. When carrying it out fails too, the failure is escalated (CRITICAL
 * alert) and thrown; the message stays claimed until its lease runs out and recovery takes it.
 */
@Injectable()
export class StepFailureHandler {
  constructor(
    @Inject(WORKFLOWS_OPTIONS)
    private readonly config: ResolvedWorkflowsOptions,
    private readonly runner: StepPipelineRunner,
    private readonly store: CheckpointStore,
    private readonly classifier: ErrorClassifier,
    private readonly compensations: CompensationCoordinator,
    private readonly deadLetters: DeadLetterService,
    private readonly deadLetterFactory: WorkflowDeadLetterFactory,
    private readonly notifier: FailureNotifier,
  ) {}

  /**
   * @param replay whether a dead letter is being replayed: a failure that would retry or
   *   dead-letter puts the message back to `DEAD_LETTERED` and is thrown to the replay instead
   * @throws the escalated handling error; in a replay, the step's error
   */
  async handle(
    definition: PipelineDefinition,
    failure: StepFailure,
    token: string,
    replay = false,
  ): Promise<FailureResolution> {
    const { checkpoint, step, error } = failure;
    const classification = this.classifier.classify(error);
    const decision = determineHandlingStrategy(
      classification,
      {
        retryCount: checkpoint.retryCount,
        maxRetries: this.config.maxRetries,
        hasFallback: step.fallback !== undefined,
        hasCompensation: StepPipelineRunner.hasCompensation(
          definition,
          checkpoint,
        ),
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
    const reason = `${step.name} failed with ${classification.code}: ${decision.reason}`;
    this.notifier.decided(
      checkpoint,
      step,
      classification,
      error,
      decision,
      reason,
    );
    try {
      return await this.carryOut(
        definition,
        failure,
        token,
        classification,
        decision,
        reason,
        replay,
      );
    } catch (handlingError) {
      if (replay && handlingError === error) throw error;
      this.notifier.escalate(checkpoint, step, decision, handlingError);
      throw handlingError;
    }
  }

  private async carryOut(
    definition: PipelineDefinition,
    failure: StepFailure,
    token: string,
    classification: ErrorClassification,
    decision: HandlingDecision,
    reason: string,
    replay: boolean,
  ): Promise<FailureResolution> {
    const { checkpoint, step, error, startedAt } = failure;
    const lastError = checkpointError(classification, error, step.name);
    const history: Omit<StepHistoryEntry, 'outcome' | 'finishedAt'> = {
      step: step.name,
      action: StepAction.RUN,
      attempt: checkpoint.retryCount + 1,
      startedAt,
      error: lastError,
      strategy: decision.strategy,
      reason,
    };
    const commit = (patch: CheckpointPatch, entry = history) => {
      const at = new Date();
      return this.store.commit(
        checkpoint.id,
        token,
        { lastError, ...patch },
        [{ ...entry, outcome: StepOutcome.FAILED, finishedAt: at }],
        at,
      );
    };
    const waits =
      decision.strategy === HandlingStrategy.RETRY ||
      decision.strategy === HandlingStrategy.CIRCUIT_BREAK;
    if (
      replay &&
      (waits || decision.strategy === HandlingStrategy.DEAD_LETTER)
    ) {
      // The dead letter already exists: the replay records the failure on it.
      const written = await commit(
        {
          status: PipelineStatus.DEAD_LETTERED,
          leaseToken: null,
          leaseUntil: null,
          finishedAt: new Date(),
        },
        { ...history, strategy: 'REPLAY_FAILED', reason: `replay: ${reason}` },
      );
      if (!written) return { kind: 'lease-lost' };
      throw error;
    }
    switch (decision.strategy) {
      case HandlingStrategy.RETRY:
      case HandlingStrategy.CIRCUIT_BREAK: {
        const delayMs = decision.delayMs ?? this.config.circuitBreakDelayMs;
        const written = await commit({
          status: PipelineStatus.RETRY_SCHEDULED,
          currentStep: step.name,
          // An open circuit or a full bulkhead is not the message's fault: no attempt counted.
          retryCount:
            checkpoint.retryCount +
            (decision.strategy === HandlingStrategy.RETRY ? 1 : 0),
          nextAttemptAt: new Date(Date.now() + delayMs),
          leaseToken: null,
          leaseUntil: null,
        });
        return written
          ? { kind: 'scheduled', delayMs }
          : { kind: 'lease-lost' };
      }
      case HandlingStrategy.FALLBACK: {
        const output = await step.fallback!(
          StepPipelineRunner.inputOf(checkpoint, step),
          error,
        );
        const next = await this.runner.completeStep(
          definition,
          checkpoint,
          token,
          step,
          output,
          startedAt,
          {
            ...history,
            outcome: StepOutcome.FALLBACK,
          },
        );
        return next
          ? { kind: 'continue', checkpoint: next }
          : { kind: 'lease-lost' };
      }
      case HandlingStrategy.COMPENSATE: {
        if (
          !(await commit({
            status: PipelineStatus.COMPENSATING,
            currentStep: step.name,
            // From here the count is the undos' retries.
            retryCount: 0,
          }))
        )
          return { kind: 'lease-lost' };
        return this.compensations.run(
          definition,
          { ...checkpoint, lastError, retryCount: 0 },
          token,
        );
      }
      case HandlingStrategy.DEAD_LETTER: {
        // Dead-letter first: a crash before the status is written repeats the step, at worst
        // dead-lettering twice, never losing the message.
        await this.deadLetters.deadLetter(
          this.deadLetterFactory.message(checkpoint, step, error),
        );
        const written = await commit({
          status: PipelineStatus.DEAD_LETTERED,
          currentStep: step.name,
          leaseToken: null,
          leaseUntil: null,
          finishedAt: new Date(),
        });
        return written
          ? { kind: 'finished', status: PipelineStatus.DEAD_LETTERED }
          : { kind: 'lease-lost' };
      }
    }
  }
}
