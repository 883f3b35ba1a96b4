import { Inject, Injectable } from '@nestjs/common';
import type { DeadLetterInput } from '@nest-resilience/dead-letters';
import type { Checkpoint } from '../pipelines/checkpoint.interface.js';
import type { PipelineStep } from '../pipelines/pipeline-step.interface.js';
import { WORKFLOWS_OPTIONS } from '../workflows.constants.js';
import type { ResolvedWorkflowsOptions } from '../workflows-module-options.interface.js';

/**
 * The engine's dead letters, from `<name>:<type>` to the application's destinations (see
 * `WorkflowDeadLetterDestination`).
 */
@Injectable()
export class WorkflowDeadLetterFactory {
  constructor(
    @Inject(WORKFLOWS_OPTIONS)
    private readonly options: ResolvedWorkflowsOptions,
  ) {}

  /**
   * What the dead letter queue keeps of a message that stopped at `step`: its payload, where it
   * stopped and what it had done. A replay resumes from the stored checkpoint, not from this copy.
   */
  message(
    checkpoint: Checkpoint,
    step: PipelineStep,
    error: unknown,
  ): DeadLetterInput {
    return {
      source: `${this.options.name}:${checkpoint.type}`,
      destination: this.options.deadLetterDestination.message(checkpoint.id),
      pattern: checkpoint.type,
      messageId: checkpoint.id,
      payload: {
        id: checkpoint.id,
        ...(checkpoint.messageId === undefined
          ? {}
          : { messageId: checkpoint.messageId }),
        type: checkpoint.type,
        payload: checkpoint.payload,
        failedStep: step.name,
        system: step.system ?? null,
        completedSteps: checkpoint.completedSteps,
        resumesAt: step.name,
      },
      error,
      retryCount: checkpoint.retryCount,
      receivedAt: checkpoint.createdAt,
      ...(checkpoint.requestId === undefined
        ? {}
        : { requestId: checkpoint.requestId }),
    };
  }

  /**
   * What the dead letter queue keeps of an undo that could not complete: everything an operator
   * needs to finish it by hand (the system, the record to undo, the idempotency key to send,
   * why the message was being undone and what else was undone) or to replay it.
   */
  compensation(
    checkpoint: Checkpoint,
    step: PipelineStep,
    error: unknown,
    trigger: { step?: string; code: string; message: string } | undefined,
  ): DeadLetterInput {
    return {
      source: `${this.options.name}:${checkpoint.type}`,
      destination: this.options.deadLetterDestination.compensation(
        checkpoint.id,
        step.name,
      ),
      pattern: `${checkpoint.type}.compensate`,
      messageId: checkpoint.id,
      payload: {
        id: checkpoint.id,
        type: checkpoint.type,
        action: 'compensate',
        step: step.name,
        system: step.system ?? null,
        stepOutput: checkpoint.outputs[step.name] ?? null,
        idempotencyKey: `${checkpoint.id}:${step.name}:compensate`,
        compensatingBecause: trigger ?? null,
        compensatedSteps: checkpoint.compensatedSteps,
        completedSteps: checkpoint.completedSteps,
        payload: checkpoint.payload,
      },
      error,
      receivedAt: checkpoint.createdAt,
      ...(checkpoint.requestId === undefined
        ? {}
        : { requestId: checkpoint.requestId }),
    };
  }
}
