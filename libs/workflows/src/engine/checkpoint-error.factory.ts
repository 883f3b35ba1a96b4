import {
  isApplicationError,
  type ErrorClassification,
} from '@nest-resilience/resilience';
import type { CheckpointError } from '../pipelines/checkpoint.interface.js';

/**
 * What a checkpoint keeps of a classified error: code, category, the internal message (for
 * operators), the failed step and, for a domain error, its client-safe message as `detail`.
 */
export function checkpointError(
  classification: ErrorClassification,
  error: unknown,
  step?: string,
): CheckpointError {
  const message =
    error instanceof Error ? error.message : JSON.stringify(error);
  return {
    code: classification.code,
    category: classification.category,
    message: (message ?? '').slice(0, 1000),
    ...(isApplicationError(error)
      ? { detail: error.message.slice(0, 1000) }
      : {}),
    ...(step === undefined ? {} : { step }),
  };
}
