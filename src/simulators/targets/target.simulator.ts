import type {
  SimulatedAnswer,
  SimulatedResponse,
} from '../simulated-response.js';
import { Simulator } from '../simulator.js';
import type { TargetSimulatorView } from './target-simulator.interface.js';

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

interface TargetRecord {
  id: string;
  body: unknown;
  idempotencyKey?: string;
  cancelled: boolean;
}

/** Side effects counted by a target, besides the requests every simulator counts. */
interface SideEffects {
  applied: number;
  undone: number;
  replayed: number;
}

const NO_SIDE_EFFECTS: Readonly<SideEffects> = Object.freeze({
  applied: 0,
  undone: 0,
  replayed: 0,
});

/**
 * A target system of the integration engine in memory: creates and cancels records of one
 * resource, honours `Idempotency-Key` (a repeated key gets the first answer and applies
 * nothing), counts everything it sees and injects the faults it is given. Used by the app when
 * no real target URL is configured, and by the tests to count side effects.
 */
export class TargetSimulator extends Simulator {
  private effects: SideEffects = { ...NO_SIDE_EFFECTS };
  private readonly records = new Map<string, TargetRecord>();
  private readonly answers = new Map<string, SimulatedAnswer>();
  private sequence = 0;

  /**
   * @param name the system's service name (`fhir-server`)
   * @param resource the resource it serves (`Bundle`)
   * @param present what a created record answers with besides its id
   */
  constructor(
    name: string,
    readonly resource: string,
    private readonly present: (
      id: string,
      body: unknown,
    ) => Record<string, unknown> = () => ({}),
  ) {
    super(name);
  }

  /** Handles one request, faults included. */
  async handle(request: SimulatedRequest): Promise<SimulatedResponse> {
    const fault = await this.fault();
    if (fault) return fault;
    // Applying is synchronous after the wait, so of two requests with one key, whichever wakes
    // first applies and the other finds its answer.
    const key = request.idempotencyKey;
    const first = key === undefined ? undefined : this.answers.get(key);
    if (first) {
      this.effects.replayed++;
      return { ...first, replayed: true };
    }
    const answer = this.apply(request);
    if (key !== undefined) this.answers.set(key, answer);
    return answer;
  }

  /** Records applied for idempotency keys starting with `prefix` (a message id), cancelled ones included. */
  appliedFor(prefix: string): number {
    return [...this.records.values()].filter((r) =>
      r.idempotencyKey?.startsWith(prefix),
    ).length;
  }

  /** Settings, counts, side effects and record count. */
  override view(): TargetSimulatorView {
    const view = super.view();
    return {
      ...view,
      resource: this.resource,
      stats: {
        requests: view.requests.total,
        ...this.effects,
        failed: view.requests.faulted,
      },
      records: this.records.size,
    };
  }

  protected override forget(): void {
    this.effects = { ...NO_SIDE_EFFECTS };
    this.records.clear();
    this.answers.clear();
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
      if (!record.cancelled) this.effects.undone++;
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
    this.effects.applied++;
    return {
      status: 201,
      body: { id, ...this.present(id, request.body) },
      replayed: false,
    };
  }
}
