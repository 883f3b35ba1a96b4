/**
 * Addresses of the engine's dead letters, given by the application with the
 * `DeadLetterTransport` that reads them back: a replay of `message(id)` calls
 * `WorkflowReplayService.replayMessage(id)`, one of `compensation(id, step)` calls
 * `replayCompensation(id, step)`.
 */
export interface WorkflowDeadLetterDestination {
  /** Destination of a message that stopped at a step; its replay resumes the message. */
  message(id: string): string;
  /** Destination of an undo that could not complete; its replay runs that undo again. */
  compensation(id: string, step: string): string;
}
