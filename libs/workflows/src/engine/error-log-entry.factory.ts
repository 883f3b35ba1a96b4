import { randomUUID } from 'node:crypto';
import type { ErrorLogEntry } from '@nest-resilience/problem-details';
import type { ErrorClassification } from '@nest-resilience/resilience';
import type { Checkpoint } from '../pipelines/checkpoint.interface.js';

/**
 * The audit trail entry of a step failure: the classification, the message and request it
 * belongs to, and the error with its cause chain. Internal only.
 * @param engine the engine's name, the first part of the entry's pattern
 */
export function errorLogEntry(
  engine: string,
  checkpoint: Checkpoint,
  step: string,
  classification: ErrorClassification,
  error: unknown,
  requestId: string,
): ErrorLogEntry {
  const causes: string[] = [];
  let cause = error instanceof Error ? error.cause : undefined;
  while (cause !== undefined && causes.length < 10) {
    causes.push(cause instanceof Error ? cause.message : JSON.stringify(cause));
    cause = cause instanceof Error ? cause.cause : undefined;
  }
  return {
    id: randomUUID(),
    timestamp: new Date(),
    code: classification.code,
    status: classification.status,
    category: classification.category,
    severity: classification.severity,
    rule: classification.rule,
    requestId,
    context: {
      transport: 'rpc',
      pattern: `${engine}:${checkpoint.type}:${step}`,
      messageId: checkpoint.id,
    },
    error: {
      name: error instanceof Error ? error.name : typeof error,
      message: error instanceof Error ? error.message : String(error),
      ...(error instanceof Error && error.stack ? { stack: error.stack } : {}),
      causes,
    },
  };
}
