import { Injectable } from '@nestjs/common';
import {
  ErrorClassifier,
  isApplicationError,
} from '@nest-resilience/resilience';
import { OrderStoreUnavailableError } from './errors/order-store-unavailable.error.js';

/**
 * Turns a database call's failure into what the client should hear. A failure that says the
 * database is unavailable right now (lost or refused connection, timeout, its breaker open,
 * its bulkhead full, contention that outlasted the retries: every recoverable classification)
 * becomes {@link OrderStoreUnavailableError}, 503 `DEPENDENCY_UNAVAILABLE`, whatever the
 * driver's exact words were. Anything else (a constraint violation, a bug) is left as it is.
 */
@Injectable()
export class DatabaseFailureTranslator {
  constructor(private readonly classifier: ErrorClassifier) {}

  /** Runs `operation` (a call of a guarded store), translating its failure. */
  async run<T>(operation: () => Promise<T>): Promise<T> {
    try {
      return await operation();
    } catch (error) {
      throw this.translate(error);
    }
  }

  /** The error to throw instead of `error`. */
  translate(error: unknown): unknown {
    if (isApplicationError(error)) return error;
    return this.classifier.classify(error).recoverable
      ? new OrderStoreUnavailableError(error)
      : error;
  }
}
