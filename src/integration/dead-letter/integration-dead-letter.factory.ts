import type { Checkpoint, PipelineStep } from '@nest-resilience/workflows';
import type { DeadLetterInput } from '@nest-resilience/dead-letters';
import {
  compensationDestination,
  messageDestination,
} from './integration-destination.js';

/**
 * What the dead letter queue keeps of a message that stopped at `step`: its payload, where it
 * stopped and what it had done. A replay resumes from the stored checkpoint, not from this copy.
 */
export function messageDeadLetter(
  checkpoint: Checkpoint,
  step: PipelineStep,
  error: unknown,
): DeadLetterInput {
  return {
    source: `integration:${checkpoint.type}`,
    destination: messageDestination(checkpoint.id),
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
export function compensationDeadLetter(
  checkpoint: Checkpoint,
  step: PipelineStep,
  error: unknown,
  trigger: { step?: string; code: string; message: string } | undefined,
): DeadLetterInput {
  return {
    source: `integration:${checkpoint.type}`,
    destination: compensationDestination(checkpoint.id, step.name),
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
