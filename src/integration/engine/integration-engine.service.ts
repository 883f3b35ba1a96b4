import { randomUUID } from 'node:crypto';
import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
} from '@nestjs/common';
import {
  CheckpointStore,
  type Checkpoint,
  type StepHistoryEntry,
} from '@nest-resilience/workflows';
import { RequestContext } from '@nest-resilience/problem-details';
import {
  integrationConfig,
  type IntegrationConfig,
} from '../config/integration.config.js';
import { IntegrationMessageNotFoundError } from '../errors/integration-message-not-found.error.js';
import { PipelineRegistry } from '../pipelines/pipeline.registry.js';
import { MessageProcessor, type ProcessResult } from './message.processor.js';
import { MessageWorkQueue } from './message-work.queue.js';

/** A message handed to the engine, by HTTP or by the durable consumer. */
export interface IntegrationSubmission {
  /** The producer's id: a resubmission with the same type and id finds the first message. */
  messageId?: string;
  type: string;
  payload: unknown;
  /** @default the current request's id */
  requestId?: string;
}

/** What {@link IntegrationEngine.submit} answers. */
export interface SubmissionReceipt {
  id: string;
  status: string;
  /** False when the submission repeated an earlier one. */
  created: boolean;
}

/**
 * The integration engine's entry: `submit()` stores a message (durably, before anything else
 * happens) and schedules its processing in this instance, with at most
 * `maxConcurrentMessages` at once. HTTP and the durable consumer both call it. Scheduled
 * retries run here too; whatever this instance does not finish (a crash, a shutdown, a full
 * line) is found by the recovery job.
 */
@Injectable()
export class IntegrationEngine implements BeforeApplicationShutdown {
  private readonly logger = new Logger('IntegrationEngine');
  private readonly queue: MessageWorkQueue;

  constructor(
    @Inject(integrationConfig.KEY) private readonly config: IntegrationConfig,
    private readonly store: CheckpointStore,
    private readonly pipelines: PipelineRegistry,
    private readonly processor: MessageProcessor,
  ) {
    this.queue = new MessageWorkQueue(config.maxConcurrentMessages);
  }

  /**
   * Stores a message and schedules its processing.
   * @throws ValidationFailedError (400) for a type without a pipeline
   */
  async submit(submission: IntegrationSubmission): Promise<SubmissionReceipt> {
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
        this.work(() => this.processor.process(checkpoint.id), checkpoint.id),
      );
    else
      this.logger.log(
        `message=${checkpoint.id} requestId=${requestId ?? '-'} decision=DUPLICATE reason="messageId ${submission.messageId} seen before"`,
      );
    return { id: checkpoint.id, status: checkpoint.status, created };
  }

  /** Processes messages the recovery job claimed with `token`. */
  dispatchClaimed(checkpoints: readonly Checkpoint[], token: string): void {
    for (const checkpoint of checkpoints) {
      this.queue.enqueue(() =>
        this.work(() => this.processor.run(checkpoint, token), checkpoint.id),
      );
    }
  }

  /**
   * A message with its step history.
   * @throws IntegrationMessageNotFoundError for an unknown id
   */
  async find(
    id: string,
  ): Promise<{ checkpoint: Checkpoint; history: StepHistoryEntry[] }> {
    const checkpoint = await this.store.find(id);
    if (!checkpoint) throw new IntegrationMessageNotFoundError(id);
    return { checkpoint, history: await this.store.history(id) };
  }

  /** Running, waiting and scheduled messages of this instance. */
  load(): { running: number; waiting: number; scheduled: number } {
    return this.queue.load;
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.processor.stop();
    this.queue.stop();
    const left = await this.queue.drain(this.config.shutdownGraceMs);
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
        this.work(() => this.processor.process(id), id),
      );
    }
  }
}
