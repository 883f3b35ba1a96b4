import type { Checkpoint } from './checkpoint.interface.js';
import { InMemoryCheckpointStore } from './in-memory-checkpoint.store.js';
import type { PipelineDefinition } from './pipeline-definition.interface.js';
import type { PipelineStep, StepInput } from './pipeline-step.interface.js';
import { PipelineStatus } from './pipeline-status.enum.js';
import { StepAction } from './step-action.enum.js';
import { StepPipelineRunner } from './step-pipeline.runner.js';

const NOW = new Date('2024-01-01T00:00:00Z');

function step(
  name: string,
  log: string[],
  options: { fail?: unknown; undoFails?: boolean } = {},
): PipelineStep {
  return {
    name,
    run: (input: StepInput) => {
      log.push(`run ${name} ${input.idempotencyKey}`);
      if (options.fail) return Promise.reject(options.fail);
      return Promise.resolve({ [name]: Object.keys(input.outputs).length });
    },
    compensate: (input: StepInput, output: unknown) => {
      log.push(
        `undo ${name} ${JSON.stringify(output)} ${input.idempotencyKey}`,
      );
      return options.undoFails
        ? Promise.reject(new Error(`cannot undo ${name}`))
        : Promise.resolve();
    },
  };
}

async function start(
  store: InMemoryCheckpointStore,
  token = 't1',
): Promise<Checkpoint> {
  await store.create({ id: 'm1', type: 'order', payload: { n: 1 } }, NOW);
  return (await store.claim('m1', {
    token,
    until: new Date(NOW.getTime() + 60_000),
    now: NOW,
  }))!;
}

describe('StepPipelineRunner', () => {
  it('checkpoints every step with its output and completes the message', async () => {
    const store = new InMemoryCheckpointStore();
    const log: string[] = [];
    const definition: PipelineDefinition = {
      type: 'order',
      steps: ['a', 'b', 'c'].map((n) => step(n, log)),
    };
    const runner = new StepPipelineRunner({
      store,
      leaseMs: 1000,
      clock: () => NOW,
    });

    const result = await runner.runForward(
      definition,
      await start(store),
      't1',
    );

    expect(result.kind).toBe('completed');
    expect(log).toEqual(['run a m1:a', 'run b m1:b', 'run c m1:c']);
    const stored = (await store.find('m1'))!;
    expect(stored).toMatchObject({
      status: PipelineStatus.COMPLETED,
      completedSteps: ['a', 'b', 'c'],
      outputs: { a: { a: 0 }, b: { b: 1 }, c: { c: 2 } },
      lastCompletedStep: 'c',
    });
    expect(stored.leaseToken).toBeUndefined();
    expect(stored.finishedAt).toEqual(NOW);
    expect(
      (await store.history('m1')).map((h) => `${h.step}:${h.outcome}`),
    ).toEqual(['a:COMPLETED', 'b:COMPLETED', 'c:COMPLETED']);
  });

  it('resumes at the first unfinished step and never runs a completed one again', async () => {
    const store = new InMemoryCheckpointStore();
    const log: string[] = [];
    const boom = new Error('down');
    const failing: PipelineDefinition = {
      type: 'order',
      steps: [step('a', log), step('b', log, { fail: boom }), step('c', log)],
    };
    const runner = new StepPipelineRunner({
      store,
      leaseMs: 1000,
      clock: () => NOW,
    });

    const first = await runner.runForward(failing, await start(store), 't1');
    expect(first).toMatchObject({ kind: 'failed', error: boom });
    expect((await store.find('m1'))!.currentStep).toBe('b');

    const healed: PipelineDefinition = {
      type: 'order',
      steps: ['a', 'b', 'c'].map((n) => step(n, log)),
    };
    const second = await runner.runForward(
      healed,
      (await store.find('m1'))!,
      't1',
    );
    expect(second.kind).toBe('completed');
    expect(log).toEqual([
      'run a m1:a',
      'run b m1:b',
      'run b m1:b',
      'run c m1:c',
    ]);
  });

  it('stops between steps when asked, leaving the checkpoint of the last completed step', async () => {
    const store = new InMemoryCheckpointStore();
    const log: string[] = [];
    const definition: PipelineDefinition = {
      type: 'order',
      steps: ['a', 'b'].map((n) => step(n, log)),
    };
    const runner = new StepPipelineRunner({
      store,
      leaseMs: 1000,
      clock: () => NOW,
    });
    let asked = 0;
    const result = await runner.runForward(
      definition,
      await start(store),
      't1',
      () => ++asked > 1,
    );
    expect(result.kind).toBe('stopped');
    expect(log).toEqual(['run a m1:a']);
    expect((await store.find('m1'))!.lastCompletedStep).toBe('a');
  });

  it('writes nothing once another claimer took the message over', async () => {
    const store = new InMemoryCheckpointStore();
    const log: string[] = [];
    const definition: PipelineDefinition = {
      type: 'order',
      steps: ['a', 'b'].map((n) => step(n, log)),
    };
    const runner = new StepPipelineRunner({
      store,
      leaseMs: 1000,
      clock: () => NOW,
    });
    const held = await start(store, 'stale');
    const later = new Date(NOW.getTime() + 120_000);
    await store.claim('m1', {
      token: 'fresh',
      until: new Date(later.getTime() + 60_000),
      now: later,
    });

    const result = await runner.runForward(definition, held, 'stale');
    expect(result.kind).toBe('lease-lost');
    expect((await store.find('m1'))!.completedSteps).toEqual([]);
  });

  it('undoes completed steps latest first, goes on past a failed undo and reports it', async () => {
    const store = new InMemoryCheckpointStore();
    const log: string[] = [];
    const definition: PipelineDefinition = {
      type: 'order',
      steps: [
        step('reserve', log),
        step('pay', log, { undoFails: true }),
        step('ship', log, { fail: new Error('no') }),
      ],
    };
    const runner = new StepPipelineRunner({
      store,
      leaseMs: 1000,
      clock: () => NOW,
    });
    const failed = await runner.runForward(
      definition,
      await start(store),
      't1',
    );
    log.length = 0;

    const result = await runner.compensate(definition, failed.checkpoint, 't1');

    expect(log).toEqual([
      'undo pay {"pay":1} m1:pay:compensate',
      'undo reserve {"reserve":0} m1:reserve:compensate',
    ]);
    expect(
      result.kind === 'done' && result.failures.map((f) => f.step.name),
    ).toEqual(['pay']);
    expect((await store.find('m1'))!.compensatedSteps).toEqual(['reserve']);
    const history = await store.history('m1');
    expect(
      history
        .filter((h) => h.action === StepAction.COMPENSATE)
        .map((h) => h.step),
    ).toEqual(['reserve']);
    expect(
      StepPipelineRunner.hasCompensation(definition, (await store.find('m1'))!),
    ).toBe(true);
  });
});
