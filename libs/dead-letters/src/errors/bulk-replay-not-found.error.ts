import { ApplicationError } from '@nest-resilience/resilience';

/**
 * No bulk replay job has the requested id (never started, or finished and purged beyond
 * `bulkReplay.keepFinishedJobs`). Answered 404 `NOT_FOUND`.
 */
export class BulkReplayNotFoundError extends ApplicationError {
  static readonly CODE = 'DEAD_LETTER.REPLAY_JOB_NOT_FOUND';
  readonly code = BulkReplayNotFoundError.CODE;
  readonly problem = 'NOT_FOUND' as const;

  /** @param jobId the id asked for */
  constructor(readonly jobId: string) {
    super(`No bulk replay job has id "${jobId}"`);
  }
}
