import { ApplicationError } from '@nest-resilience/resilience';

/**
 * A replay found no message with the id of its dead letter: retention purged it
 * (404 `NOT_FOUND`).
 */
export class WorkflowMessageNotFoundError extends ApplicationError {
  static readonly CODE = 'WORKFLOWS.MESSAGE_NOT_FOUND';
  readonly code = WorkflowMessageNotFoundError.CODE;
  readonly problem = 'NOT_FOUND' as const;

  /** @param id the id asked for */
  constructor(readonly id: string) {
    super(`Message ${id} does not exist`);
  }
}

/** Type guard for {@link WorkflowMessageNotFoundError}, safe across package copies and processes. */
export function isWorkflowMessageNotFoundError(
  value: unknown,
): value is WorkflowMessageNotFoundError {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { code?: unknown }).code === WorkflowMessageNotFoundError.CODE
  );
}
