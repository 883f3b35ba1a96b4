import { BulkheadFullError } from '../errors/bulkhead-full.error.js';
import { CircuitOpenError } from '../errors/circuit-open.error.js';
import { RetriesExhaustedError } from '../errors/retries-exhausted.error.js';
import { TimeoutError } from '../errors/timeout.error.js';
import type {
  CallEvent,
  ResilienceEvent,
} from '../events/resilience-event.interface.js';
import { ResilienceEvents } from '../events/resilience.events.js';
import type { ExecutionContext } from '../policies/policy.interface.js';
import { failedOutcome } from './guarded-call.js';
import {
  GuardedCallReporter,
  MarkingFallbackPolicy,
  ReportingPolicyPipeline,
} from './guarded-call.reporter.js';

const context = (): ExecutionContext => ({ attempt: 0, args: [] });

describe('GuardedCallReporter', () => {
  it('hands back the very promise of a call while nobody listens, and emits nothing', async () => {
    const events = new ResilienceEvents();
    const answer = Promise.resolve('ok');
    const run = new GuardedCallReporter(events, 'svc', 'Client.call').wrap(
      () => answer,
    );

    expect(events.listening).toBe(false);
    expect(run(context())).toBe(answer);
  });

  it('reports a call once it settles, and passes its rejection on unchanged', async () => {
    const events = new ResilienceEvents();
    const seen: ResilienceEvent[] = [];
    events.on((event) => seen.push(event));
    const error = new RangeError('bad');
    const run = new GuardedCallReporter(events, 'svc', 'Client.call').wrap(
      (ctx) =>
        ctx.attempt === 0 ? Promise.resolve('ok') : Promise.reject(error),
    );

    await expect(run(context())).resolves.toBe('ok');
    await expect(run({ attempt: 1 })).rejects.toBe(error);

    expect(seen).toEqual([
      expect.objectContaining({
        kind: 'call',
        service: 'svc',
        site: 'Client.call',
        outcome: 'success',
      }),
      expect.objectContaining({ outcome: 'failure' }),
    ]);
    expect((seen[0] as CallEvent).durationMs).toBeGreaterThanOrEqual(0);
  });

  it('names refusals, timeouts (also the last attempt of exhausted retries) and other failures', () => {
    expect(failedOutcome(new CircuitOpenError('svc', 100))).toBe(
      'short_circuited',
    );
    expect(failedOutcome(new BulkheadFullError('svc', 1, 0))).toBe('rejected');
    expect(failedOutcome(new TimeoutError('svc', 10))).toBe('timeout');
    expect(
      failedOutcome(
        new RetriesExhaustedError('svc', 3, new TimeoutError('svc', 10)),
      ),
    ).toBe('timeout');
    expect(
      failedOutcome(new RetriesExhaustedError('svc', 3, new Error('500'))),
    ).toBe('failure');
    expect(failedOutcome('a string')).toBe('failure');
  });

  it('reports a call a fallback answered as a fallback, through the pipeline', async () => {
    const events = new ResilienceEvents();
    const outcomes: string[] = [];
    events.on((event) => {
      if (event.kind === 'call') outcomes.push(event.outcome);
    });
    const pipeline = new ReportingPolicyPipeline(
      {
        fallback: new MarkingFallbackPolicy({
          name: 'Client.call',
          sources: [{ kind: 'value', value: 0 }],
          classify: () => ({ recoverable: true }),
        }),
      },
      new GuardedCallReporter(events, 'svc', 'Client.call'),
    );
    let fail = true;
    const run = pipeline.bind(async () => {
      if (fail) throw new Error('down');
      return 1;
    });

    await expect(run(context())).resolves.toBe(0);
    fail = false;
    await expect(run(context())).resolves.toBe(1);
    await expect(
      pipeline.execute(() => Promise.reject(new Error('down')), context()),
    ).resolves.toBe(0);

    expect(outcomes).toEqual(['fallback', 'success', 'fallback']);
  });
});
