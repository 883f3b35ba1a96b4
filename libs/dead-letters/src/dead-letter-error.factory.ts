import type { ErrorClassifier } from '@nest-resilience/resilience';
import { summarizeThrown } from '@nest-resilience/problem-details';
import type { DeadLetterErrorInfo } from './dead-letter.interface.js';

/**
 * What a dead letter keeps of a thrown value: its class name, the classifier's code, category
 * and severity, the error's own code, and its message with the messages of its causes (the
 * cause often says more: `RetriesExhaustedError` <- `AxiosError`).
 */
export function deadLetterErrorInfo(
  classifier: ErrorClassifier,
  error: unknown,
): DeadLetterErrorInfo {
  const classification = classifier.classify(error);
  const summary = summarizeThrown(error);
  const causes =
    summary.causes.length > 0
      ? ` (caused by ${summary.causes.join(' <- ')})`
      : '';
  return {
    type: summary.name,
    code: classification.code,
    ...(classification.sourceCode === undefined
      ? {}
      : { sourceCode: classification.sourceCode }),
    category: classification.category,
    severity: classification.severity,
    message: `${summary.message}${causes}`,
  };
}
