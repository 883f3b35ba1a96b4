import type { ErrorClassification } from './error-classification.interface.js';

/**
 * Port that answers what an error means. Inject it by this class; the module provides the
 * rule-based default, extended with the rules given in the module options.
 */
export abstract class ErrorClassifier {
  /** Classifies any thrown value; never throws, answers `INTERNAL` for what no rule knows. */
  abstract classify(error: unknown): ErrorClassification;
}
