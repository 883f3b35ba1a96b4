import { randomUUID } from 'node:crypto';
import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
} from '@nestjs/common';
import { RequestContext } from '@nest-resilience/problem-details';
import type { Checkpoint } from '../pipelines/checkpoint.interface.js';
import {
  CheckpointStore,
  type CheckpointClaim,
} from '../pipelines/checkpoint.store.js';
import type { StepHistoryEntry } from '../pipelines/step-history-entry.interface.js';
import { WORKFLOWS_OPTIONS } from '../workflows.constants.js';
import type { ResolvedWorkflowsOptions } from '../workflows-module-options.interface.js';
import { MessageProcessor, type ProcessResult } from './message.processor.js';
import { MessageWorkQueue } from './message-work.queue.js';
import { PipelineRegistry } from './pipeline.registry.js';

/** A message handed to the engine, by HTTP, a consumer or any other entry of the application. */
export interface WorkflowSubmission {
  /** The producer's id: a resubmission with the same type and id finds the first message. */
  messageId?: string;
  type: string;
  payload: unknown;
  /** @default the current request's id */
  requestId?: string;
}

/** What {@link WorkflowEngine.submit} answers. */
export interface SubmissionReceipt {
  id: string;
  status: string;
  /** False when the submission repeated an earlier one. */
  created: boolean;
}

/**
 * The engine's entry: `submit()` stores a message (durably, before anything else happens) and
 * schedules its processing in this instance, with at most `maxConcurrentMessages` at once; every
 * entry of the application (HTTP, a broker consumer) calls it. Scheduled retries run here too;
 * whatever this instance does not finish (a crash, a shutdown, a full line) is found by the
 * `stuck-messages` recovery job.
 */
@Injectable()
export class WorkflowEngine implements BeforeApplicationShutdown {
  private readonly logger = new Logger('WorkflowEngine');
  private readonly queue: MessageWorkQueue;

  constructor(
    @Inject(WORKFLOWS_OPTIONS)
    private readonly options: ResolvedWorkflowsOptions,
    private readonly store: CheckpointStore,
    private readonly pipelines: PipelineRegistry,
    private readonly processor: MessageProcessor,
  ) {
    this.queue = new MessageWorkQueue(options.maxConcurrentMessages);
  }

  /**
   * Stores a message and schedules its processing.
   * @throws ValidationFailedError (400) for a type without a pipeline
   */
  async submit(submission: WorkflowSubmission): Promise<SubmissionReceipt> {
    this.pipelines.get(submission.type);
    const requestId = submission.requestId ?? RequestContext.requestId();
    const { checkpoint, created } = await this.store.create(
      {
        id: randomUUID(),
        type: submission.type,
        payload: submission.payload,
        ...(submission.messageId === undefined
          ? {}
          : { messageId: submission.messageId }),
        ...(requestId === undefined ? {} : { requestId }),
      },
      new Date(),
    );
    if (created)
      this.queue.enqueue(() =>
        this.work(() => this.process(checkpoint.id), checkpoint.id),
      );
    else
      this.logger.log(
        `message=${checkpoint.id} requestId=${requestId ?? '-'} decision=DUPLICATE reason="messageId ${submission.messageId} seen before"`,
      );
    return { id: checkpoint.id, status: checkpoint.status, created };
  }

  /** A fresh claim: its own token, read from the clock now, valid for one lease. */
  newClaim(): CheckpointClaim {
    const now = new Date();
    return {
      token: randomUUID(),
      now,
      until: new Date(now.getTime() + this.options.leaseMs),
    };
  }

  /**
   * Claims a stored message and processes it now, in the caller, outside the work queue.
   * @returns how the run ended; `not-claimed` or `not-due` when it was not this caller's to run
   */
  process(id: string): Promise<ProcessResult> {
    return this.processor.process(id, this.newClaim());
  }

  /** Processes, through the work queue, messages claimed (by a recovery job) with `token`. */
  dispatchClaimed(checkpoints: readonly Checkpoint[], token: string): void {
    for (const checkpoint of checkpoints) {
      this.queue.enqueue(() =>
        this.work(() => this.processor.run(checkpoint, token), checkpoint.id),
      );
    }
  }

  /** A message with its step history, or `undefined` for an unknown id. */
  async find(
    id: string,
  ): Promise<
    { checkpoint: Checkpoint; history: StepHistoryEntry[] } | undefined
  > {
    const checkpoint = await this.store.find(id);
    if (!checkpoint) return undefined;
    return { checkpoint, history: await this.store.history(id) };
  }

  /** Running, waiting and scheduled messages of this instance. */
  load(): { running: number; waiting: number; scheduled: number } {
    return this.queue.load;
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.processor.stop();
    this.queue.stop();
    const left = await this.queue.drain(this.options.shutdownGraceMs);
    if (left > 0)
      this.logger.warn(
        `${left} message(s) still in a step at shutdown; recovery resumes them after their lease`,
      );
  }

  private async work(
    run: () => Promise<ProcessResult>,
    id: string,
  ): Promise<void> {
    let result: ProcessResult;
    try {
      result = await run();
    } catch (error) {
      // Escalated and logged where it happened; the lease runs out and recovery takes over.
      const reason = error instanceof Error ? error.message : String(error);
      if (!this.queue.isStopped)
        this.logger.warn(
          `message=${id} decision=LEFT_TO_RECOVERY reason="${reason}"`,
        );
      return;
    }
    // A claim made before the due time (a timer may fire a little early) is tried again when
    // the message is due, rather than left to recovery.
    if (result.kind === 'scheduled' || result.kind === 'not-due') {
      this.queue.schedule(result.delayMs, () =>
        this.work(() => this.process(id), id),
      );
    }
  }
}
