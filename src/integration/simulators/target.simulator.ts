import { setTimeout as sleep } from 'node:timers/promises';
import type {
  TargetFaults,
  TargetSimulatorStats,
  TargetSimulatorView,
} from './target-faults.interface.js';

/** One request to a simulated target system. */
export interface SimulatedRequest {
  /** `apply` creates a record (POST), `undo` cancels one (DELETE). */
  operation: 'apply' | 'undo';
  /** Record to cancel, for `undo`. */
  id?: string;
  body?: unknown;
  /** The caller's `Idempotency-Key`: a key seen before gets the first answer again. */
  idempotencyKey?: string;
}

/** What a simulated target system answers; `drop` means close the connection unanswered. */
export type SimulatedResponse = { drop: true } | SimulatedAnswer;

/** An answer of a simulated target system. */
export interface SimulatedAnswer {
  drop?: false;
  status: number;
  body: unknown;
  /** Whether it came from the idempotency store. */
  replayed: boolean;
}

interface TargetRecord {
  id: string;
  body: unknown;
  idempotencyKey?: string;
  cancelled: boolean;
}

/** Fault settings of a fresh simulator: healthy. */
export const NO_FAULTS: TargetFaults = {
  errorRate: 0,
  status: 503,
  latencyMs: 0,
  down: false,
};

/**
 * A target system in memory: creates and cancels records of one resource, honours
 * `Idempotency-Key` (a repeated key gets the first answer and applies nothing), counts everything it sees and
 * injects the faults it is given. Used by the app when no real target URL is configured, and by
 * the tests to count side effects.
 */
export class TargetSimulator {
  private faults: TargetFaults = { ...NO_FAULTS };
  private stats: TargetSimulatorStats = {
    requests: 0,
    applied: 0,
    undone: 0,
    replayed: 0,
    failed: 0,
  };
  private readonly records = new Map<string, TargetRecord>();
  private readonly answers = new Map<string, SimulatedAnswer>();
  private sequence = 0;

  /**
   * @param name the system's service name (`fhir-server`)
   * @param resource the resource it serves (`Bundle`)
   * @param present what a created record answers with besides its id
   */
  constructor(
    readonly name: string,
    readonly resource: string,
    private readonly present: (
      id: string,
      body: unknown,
    ) => Record<string, unknown> = () => ({}),
  ) {}

  /** Handles one request, faults included. */
  async handle(request: SimulatedRequest): Promise<SimulatedResponse> {
    this.stats.requests++;
    const { down, latencyMs, errorRate, status } = this.faults;
    if (down) {
      this.stats.failed++;
      return { drop: true };
    }
    if (latencyMs > 0) await sleep(latencyMs);
    if (errorRate > 0 && Math.random() < errorRate) {
      this.stats.failed++;
      return {
        status,
        body: {
          code: 'SIMULATED_FAULT',
          title: `${this.name} failed on purpose`,
        },
        replayed: false,
      };
    }
    // Applying is synchronous after the wait, so of two requests with one key, whichever wakes
    // first applies and the other finds its answer.
    const key = request.idempotencyKey;
    const first = key === undefined ? undefined : this.answers.get(key);
    if (first) {
      this.stats.replayed++;
      return { ...first, replayed: true };
    }
    const answer = this.apply(request);
    if (key !== undefined) this.answers.set(key, answer);
    return answer;
  }

  /** Changes some fault settings. @returns all of them */
  setFaults(faults: Partial<TargetFaults>): TargetFaults {
    const given = Object.entries(faults).filter(
      ([, value]) => value !== undefined,
    );
    this.faults = { ...this.faults, ...Object.fromEntries(given) };
    return { ...this.faults };
  }

  /** Forgets records, answers and counts, and clears the faults. */
  reset(): void {
    this.faults = { ...NO_FAULTS };
    this.stats = { requests: 0, applied: 0, undone: 0, replayed: 0, failed: 0 };
    this.records.clear();
    this.answers.clear();
  }

  /** Records applied for idempotency keys starting with `prefix` (a message id), cancelled ones included. */
  appliedFor(prefix: string): number {
    return [...this.records.values()].filter((r) =>
      r.idempotencyKey?.startsWith(prefix),
    ).length;
  }

  /** Settings, counts and record count. */
  view(): TargetSimulatorView {
    return {
      name: this.name,
      path: `/simulators/${this.name}`,
      resource: this.resource,
      faults: { ...this.faults },
      requests: { total: this.stats.requests, faulted: this.stats.failed },
      stats: { ...this.stats },
      records: this.records.size,
    };
  }

  private apply(request: SimulatedRequest): SimulatedAnswer {
    if (request.operation === 'undo') {
      const record =
        request.id === undefined ? undefined : this.records.get(request.id);
      if (!record) {
        return {
          status: 404,
          body: {
            code: 'NOT_FOUND',
            title: `No ${this.resource} ${request.id}`,
          },
          replayed: false,
        };
      }
      // Cancelling twice is harmless, and counted once.
      if (!record.cancelled) this.stats.undone++;
      record.cancelled = true;
      return {
        status: 200,
        body: { id: record.id, cancelled: true },
        replayed: false,
      };
    }
    const id = `${this.resource.toLowerCase()}-${++this.sequence}`;
    this.records.set(id, {
      id,
      body: request.body,
      idempotencyKey: request.idempotencyKey,
      cancelled: false,
    });
    this.stats.applied++;
    return {
      status: 201,
      body: { id, ...this.present(id, request.body) },
      replayed: false,
    };
  }
}
