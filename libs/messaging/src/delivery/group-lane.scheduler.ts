/**
 * Runs tasks of one key one after another, in the order they were given, and tasks of
 * different keys side by side: the in-process half of per-group ordering. Tasks without a key
 * run at once. A failed task does not stop the ones queued behind it. A task on an idle lane
 * starts at once, with no promise beyond its own (this runs once per message).
 */
export class GroupLaneScheduler {
  /** Tasks waiting behind the running one, per busy key. */
  private readonly lanes = new Map<string, (() => void)[]>();
  private running = 0;

  /** Tasks started and not yet finished, every lane included. */
  get inFlight(): number {
    return this.running;
  }

  /** Keys with a task running or queued. */
  get activeLanes(): number {
    return this.lanes.size;
  }

  /** Queues `task` behind the earlier tasks of `key`. @returns the task's own result */
  run<T>(key: string | undefined, task: () => Promise<T>): Promise<T> {
    this.running++;
    if (key === undefined) return this.start(task, undefined);
    const waiting = this.lanes.get(key);
    if (!waiting) {
      this.lanes.set(key, []);
      return this.start(task, key);
    }
    return new Promise<T>((resolve, reject) => {
      waiting.push(() => void this.start(task, key).then(resolve, reject));
    });
  }

  private start<T>(
    task: () => Promise<T>,
    key: string | undefined,
  ): Promise<T> {
    let result: Promise<T>;
    try {
      result = task();
    } catch (error) {
      result = Promise.reject(error);
    }
    const settled = (): void => {
      this.running--;
      if (key !== undefined) this.next(key);
    };
    result.then(settled, settled);
    return result;
  }

  private next(key: string): void {
    const waiting = this.lanes.get(key)!;
    const following = waiting.shift();
    if (following) following();
    else this.lanes.delete(key);
  }
}
