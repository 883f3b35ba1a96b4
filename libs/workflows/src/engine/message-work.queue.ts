import { Logger } from '@nestjs/common';

/** A unit of work: processing one message. */
export type MessageJob = () => Promise<void>;

/**
 * In-process scheduling of message work: at most `maxConcurrent` jobs run at once, the rest
 * wait in arrival order, and delayed jobs (scheduled retries) start when due. Nothing here is
 * durable: every message is in the database first, so work dropped by a stop or a crash is
 * found again by the recovery job.
 */
export class MessageWorkQueue {
  private readonly logger = new Logger('WorkflowWorkQueue');
  private readonly waiting: MessageJob[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly running = new Set<Promise<void>>();
  private stopped = false;

  /** @param maxConcurrent jobs running at once */
  constructor(private readonly maxConcurrent: number) {}

  /** Whether {@link stop} was called. */
  get isStopped(): boolean {
    return this.stopped;
  }

  /** Jobs running and waiting now. */
  get load(): { running: number; waiting: number; scheduled: number } {
    return {
      running: this.running.size,
      waiting: this.waiting.length,
      scheduled: this.timers.size,
    };
  }

  /** Runs `job` when a slot is free; ignored once stopped. */
  enqueue(job: MessageJob): void {
    if (this.stopped) return;
    if (this.running.size < this.maxConcurrent) this.start(job);
    else this.waiting.push(job);
  }

  /** Enqueues `job` after `delayMs`; ignored once stopped. */
  schedule(delayMs: number, job: MessageJob): void {
    if (this.stopped) return;
    const timer = setTimeout(
      () => {
        this.timers.delete(timer);
        this.enqueue(job);
      },
      Math.max(0, delayMs),
    );
    // A pending retry must not keep the process alive: the recovery job finds it after a restart.
    timer.unref();
    this.timers.add(timer);
  }

  /** Takes no more work: waiting and scheduled jobs are dropped (the recovery job owns them now). */
  stop(): void {
    this.stopped = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    if (this.waiting.length > 0) {
      this.logger.log(
        `Left ${this.waiting.length} waiting message(s) to recovery`,
      );
    }
    this.waiting.length = 0;
  }

  /**
   * Waits for the running jobs, at most `timeoutMs`.
   * @returns how many were still running when the wait ended
   */
  async drain(timeoutMs: number): Promise<number> {
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, timeoutMs);
    });
    while (this.running.size > 0) {
      const finished = await Promise.race([
        Promise.allSettled(this.running).then(() => true),
        deadline.then(() => false),
      ]);
      if (!finished) break;
    }
    clearTimeout(timer);
    return this.running.size;
  }

  private start(job: MessageJob): void {
    const run = job()
      .catch((error: unknown) => {
        // Jobs handle their own failures; anything reaching here is a bug worth seeing.
        this.logger.error(
          `Message job failed unexpectedly: ${error instanceof Error ? error.stack : String(error)}`,
        );
      })
      .finally(() => {
        this.running.delete(run);
        const next = this.waiting.shift();
        if (next && !this.stopped) this.start(next);
      });
    this.running.add(run);
  }
}
