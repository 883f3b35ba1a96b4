import { Global, Module, type INestApplication } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { DeadLetterService } from '@nest-resilience/dead-letters';
import {
  AlertService,
  ProblemDetailsModule,
} from '@nest-resilience/problem-details';
import { ResilienceModule } from '@nest-resilience/resilience';
import { StepPipeline } from './decorators/step-pipeline.decorator.js';
import { WorkflowEngine } from './engine/workflow-engine.service.js';
import { InMemoryCheckpointStore } from './pipelines/in-memory-checkpoint.store.js';
import type { PipelineDefinition } from './pipelines/pipeline-definition.interface.js';
import type { PipelineStep } from './pipelines/pipeline-step.interface.js';
import { PipelineStatus } from './pipelines/pipeline-status.enum.js';
import { StepOutcome } from './pipelines/step-outcome.enum.js';
import {
  resolveWorkflowsOptions,
  WORKFLOWS_DEFAULTS,
} from './workflows.constants.js';
import { WorkflowsModule } from './workflows.module.js';

const TOKEN = 'workflows-spec-admin-token';

/** A one-step pipeline of the application, in its own module. */
@StepPipeline()
class GreetingPipeline implements PipelineDefinition<{ name: string }> {
  readonly type = 'greeting';
  readonly steps: readonly PipelineStep<{ name: string }>[] = [
    {
      name: 'greet',
      run: (input) => Promise.resolve(`hello ${input.payload.name}`),
    },
  ];
}

/** Another pipeline claiming the same message type. */
@StepPipeline()
class OtherGreetingPipeline extends GreetingPipeline {}

// What the application's global modules provide to the engine, reduced to what these tests touch.
@Global()
@Module({
  providers: [
    { provide: DeadLetterService, useValue: { deadLetter: vi.fn() } },
    { provide: AlertService, useValue: { raise: vi.fn() } },
  ],
  exports: [DeadLetterService, AlertService],
})
class NeighboursModule {}

async function start(
  pipelines: (typeof GreetingPipeline)[],
): Promise<INestApplication> {
  @Module({
    imports: [
      WorkflowsModule.forRoot({
        store: InMemoryCheckpointStore,
        adminPath: 'admin/greetings/recovery',
        name: 'greetings',
        deadLetterDestination: {
          message: (id) => `greetings:message/${id}`,
          compensation: (id, step) => `greetings:compensation/${id}/${step}`,
        },
        recoveryIntervalMs: 0,
      }),
    ],
    providers: pipelines,
  })
  class GreetingsModule {}

  const moduleRef = await Test.createTestingModule({
    imports: [
      ResilienceModule.forRoot({ admin: { token: TOKEN } }),
      ProblemDetailsModule.forRoot({}),
      ScheduleModule.forRoot(),
      NeighboursModule,
      GreetingsModule,
    ],
  }).compile();
  const app = moduleRef.createNestApplication({ logger: false });
  await app.init();
  return app;
}

describe('WorkflowsModule', () => {
  let app: INestApplication | undefined;

  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  it("runs submitted messages through the application's @StepPipeline() providers", async () => {
    app = await start([GreetingPipeline]);
    const engine = app.get(WorkflowEngine);

    const { id, created } = await engine.submit({
      type: 'greeting',
      payload: { name: 'Ada' },
    });

    expect(created).toBe(true);
    await vi.waitFor(async () =>
      expect((await engine.find(id))?.checkpoint.status).toBe(
        PipelineStatus.COMPLETED,
      ),
    );
    const found = await engine.find(id);
    expect(found?.checkpoint.outputs).toEqual({ greet: 'hello Ada' });
    expect(found?.history.map((h) => [h.step, h.outcome])).toEqual([
      ['greet', StepOutcome.COMPLETED],
    ]);
    expect(await engine.find('unknown')).toBeUndefined();
  });

  it('refuses a message type without a pipeline, naming the known ones', async () => {
    app = await start([GreetingPipeline]);

    await expect(
      app.get(WorkflowEngine).submit({ type: 'farewell', payload: {} }),
    ).rejects.toMatchObject({
      problem: 'VALIDATION_FAILED',
      errors: [
        {
          pointer: '/type',
          message: 'unknown message type; known types: greeting',
        },
      ],
    });
  });

  it('serves the recovery admin API at the path it was given, behind the admin token', async () => {
    app = await start([GreetingPipeline]);
    const server = app.getHttpServer() as never;

    const listed = await request(server)
      .get('/admin/greetings/recovery')
      .set('Authorization', `Bearer ${TOKEN}`)
      .expect(200);
    expect(listed.body).toEqual({
      jobs: ['stuck-messages', 'outbox', 'retention', 'connections'],
      lastRuns: [],
    });
    const ran = await request(server)
      .post('/admin/greetings/recovery/connections/run')
      .set('Authorization', `Bearer ${TOKEN}`)
      .expect(200);
    // No TypeORM here: the in-memory store has no connection to check.
    expect(ran.body).toMatchObject({
      job: 'connections',
      ok: true,
      report: { database: 'none', brokerEndpoints: 0 },
    });
    await request(server).get('/admin/workflows/recovery').expect(404);
  });

  it('stops the start when two pipelines claim one message type', async () => {
    await expect(
      start([GreetingPipeline, OtherGreetingPipeline]),
    ).rejects.toThrow(
      'Two pipelines for message type "greeting": GreetingPipeline and OtherGreetingPipeline',
    );
  });

  it('fills every option left out, or given as undefined, from the defaults', () => {
    const deadLetterDestination = {
      message: (id: string) => id,
      compensation: (id: string) => id,
    };

    expect(
      resolveWorkflowsOptions({
        deadLetterDestination,
        leaseMs: undefined,
        maxRetries: 1,
      }),
    ).toEqual({ ...WORKFLOWS_DEFAULTS, deadLetterDestination, maxRetries: 1 });
  });
});
