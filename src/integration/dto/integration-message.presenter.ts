import type {
  Checkpoint,
  CheckpointError,
  StepHistoryEntry,
} from '@nest-resilience/workflows';
import type {
  IntegrationMessageView,
  PublicStepError,
} from './integration-message.view.js';

/**
 * An error as clients may see it: code, category and step, and the detail of a domain error;
 * never the internal message (host names, SQL, upstream answers), which stays in the logs and
 * the dead letter queue.
 */
function publicError(error: CheckpointError): PublicStepError {
  return {
    code: error.code,
    category: error.category,
    ...(error.step === undefined ? {} : { step: error.step }),
    ...(error.detail === undefined ? {} : { detail: error.detail }),
  };
}

/** The public view of a message: status, current checkpoint and step history (payload left out). */
export function presentIntegrationMessage(
  checkpoint: Checkpoint,
  history: readonly StepHistoryEntry[],
): IntegrationMessageView {
  return {
    id: checkpoint.id,
    messageId: checkpoint.messageId ?? null,
    type: checkpoint.type,
    status: checkpoint.status,
    requestId: checkpoint.requestId ?? null,
    checkpoint: {
      lastCompletedStep: checkpoint.lastCompletedStep ?? null,
      currentStep: checkpoint.currentStep ?? null,
      completedSteps: checkpoint.completedSteps,
      compensatedSteps: checkpoint.compensatedSteps,
      retryCount: checkpoint.retryCount,
      lastError: checkpoint.lastError
        ? publicError(checkpoint.lastError)
        : null,
      nextAttemptAt: checkpoint.nextAttemptAt?.toISOString() ?? null,
      outputs: checkpoint.outputs,
      updatedAt: checkpoint.updatedAt.toISOString(),
    },
    steps: history.map((h) => ({
      step: h.step,
      action: h.action,
      outcome: h.outcome,
      attempt: h.attempt,
      startedAt: h.startedAt.toISOString(),
      finishedAt: h.finishedAt.toISOString(),
      durationMs: h.finishedAt.getTime() - h.startedAt.getTime(),
      ...(h.error === undefined ? {} : { error: publicError(h.error) }),
      ...(h.strategy === undefined ? {} : { strategy: h.strategy }),
      ...(h.reason === undefined ? {} : { reason: h.reason }),
    })),
    createdAt: checkpoint.createdAt.toISOString(),
    finishedAt: checkpoint.finishedAt?.toISOString() ?? null,
  };
}
