import { ApplicationError } from '@nest-resilience/resilience';

/**
 * A replay found the message held by another run, or in a status it cannot be replayed from
 * (409 `CONFLICT`): the dead letter stays pending and can be replayed again later.
 */
export class WorkflowMessageBusyError extends ApplicationError {
  static readonly CODE = 'WORKFLOWS.MESSAGE_BUSY';
  readonly code = WorkflowMessageBusyError.CODE;
  readonly problem = 'CONFLICT' as const;

  /**
   * @param id the message
   * @param status the status it was found in
   */
  constructor(
    readonly id: string,
    readonly status: string,
  ) {
    super(`Message ${id} is ${status} and cannot be replayed now`);
  }
}

/** Type guard for {@link WorkflowMessageBusyError}, safe across package copies and processes. */
export function isWorkflowMessageBusyError(
  value: unknown,
): value is WorkflowMessageBusyError {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { code?: unknown }).code === WorkflowMessageBusyError.CODE
  );
}
