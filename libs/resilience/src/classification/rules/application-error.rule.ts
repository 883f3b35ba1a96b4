import { isApplicationError } from '../../errors/application.error.js';
import type { ClassificationRule } from '../error-classification.interface.js';
import { isProblemCode } from '../problem-code.constants.js';

/**
 * Domain errors (`ApplicationError`): their `problem` code, with category, severity and
 * retryability from the table. Never counted by a breaker: a domain refusal says the request
 * was wrong, not that a dependency is ill. An unknown `problem` (an error deserialised from a
 * newer peer) is left to the other rules.
 */
export const applicationErrorRule: ClassificationRule = {
  name: 'application-error',
  match(error) {
    if (!isApplicationError(error)) return undefined;
    const problem: unknown = error.problem;
    if (!isProblemCode(problem)) return undefined;
    return { code: problem, countsAsFailure: false };
  },
};
