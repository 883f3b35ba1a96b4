import type { ProblemCode } from '@nest-resilience/resilience';

/** The human-readable text of one problem code in one language. */
export interface ProblemMessage {
  /** Short summary of the problem type; the same for every occurrence (RFC 9457 `title`). */
  title: string;
  /**
   * Generic explanation used as `detail` whenever the error's own message may not be shown
   * (5xx, unexpected errors, errors raised by frameworks on the client's input).
   */
  detail: string;
}

/** Every problem code's messages in one language; a missing code fails to compile. */
export type ProblemCatalog = Readonly<Record<ProblemCode, ProblemMessage>>;
