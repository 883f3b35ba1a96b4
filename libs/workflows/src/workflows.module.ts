import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';
import { WorkflowDeadLetterFactory } from './dead-letters/workflow-dead-letter.factory.js';
import { WorkflowReplayService } from './dead-letters/workflow-replay.service.js';
import { CompensationCoordinator } from './engine/compensation.coordinator.js';
import { FailureNotifier } from './engine/failure.notifier.js';
import { MessageProcessor } from './engine/message.processor.js';
import { PipelineRegistry } from './engine/pipeline.registry.js';
import { StepFailureHandler } from './engine/step-failure.handler.js';
import { WorkflowEngine } from './engine/workflow-engine.service.js';
import { StepPipelineExplorer } from './explorer/step-pipeline.explorer.js';
import { WorkflowHealthIndicator } from './health/workflow.health.js';
import { CheckpointStore } from './pipelines/checkpoint.store.js';
import { StepPipelineRunner } from './pipelines/step-pipeline.runner.js';
import { ConnectionRecoveryJob } from './recovery/connection-recovery.job.js';
import { OutboxRepublishJob } from './recovery/outbox-republish.job.js';
import { RecoveryRunRegistry } from './recovery/recovery-run.registry.js';
import { RecoveryScheduler } from './recovery/recovery.scheduler.js';
import { RetentionJob } from './recovery/retention.job.js';
import { StuckMessageJob } from './recovery/stuck-message.job.js';
import {
  resolveWorkflowsOptions,
  WORKFLOWS_OPTIONS,
} from './workflows.constants.js';
import {
  WORKFLOWS_MODULE_OPTIONS,
  WorkflowsConfigurableModule,
} from './workflows.module-definition.js';
import type {
  ResolvedWorkflowsOptions,
  WorkflowsModuleOptions,
} from './workflows-module-options.interface.js';

/**
 * The workflow engine: multi-step pipelines per message type with a checkpoint after every
 * step, compensation of completed steps, one error strategy per failure (retry, wait out an open
 * circuit, fall back, compensate, dead-letter), replay from the dead letter queue, recovery jobs
 * (stuck messages, retention, connections, outbox) with their admin API, and a health indicator.
 *
 * Pipelines are the application's own providers marked `@StepPipeline()`, in any of its modules,
 * found at start: they keep their dependencies where they belong instead of being handed to this
 * module. Entries of the application call `WorkflowEngine.submit()`.
 *
 * Needs from the application: the global `ResilienceModule`, a global `DeadLetterModule`,
 * `ScheduleModule.forRoot()` and, with the default store, TypeORM with `WORKFLOW_ENTITIES` and
 * `WORKFLOW_MIGRATIONS`.
 *
 * @example
 * ```ts
 * WorkflowsModule.forRootAsync({
 *   adminPath: 'admin/orders/recovery',
 *   inject: [ordersConfig.KEY],
 *   useFactory: (config: OrdersConfig) => ({
 *     name: 'orders',
 *     deadLetterDestination: ordersDestination,
 *     leaseMs: config.leaseMs,
 *   }),
 * })
 * ```
 */
@Module({
  imports: [DiscoveryModule, TerminusModule],
  providers: [
    {
      provide: WORKFLOWS_OPTIONS,
      inject: [WORKFLOWS_MODULE_OPTIONS],
      useFactory: (options: WorkflowsModuleOptions) =>
        resolveWorkflowsOptions(options),
    },
    {
      provide: StepPipelineRunner,
      inject: [CheckpointStore, WORKFLOWS_OPTIONS],
      useFactory: (store: CheckpointStore, options: ResolvedWorkflowsOptions) =>
        new StepPipelineRunner({ store, leaseMs: options.leaseMs }),
    },
    PipelineRegistry,
    StepPipelineExplorer,
    WorkflowDeadLetterFactory,
    CompensationCoordinator,
    FailureNotifier,
    StepFailureHandler,
    MessageProcessor,
    WorkflowEngine,
    WorkflowReplayService,
    RecoveryRunRegistry,
    StuckMessageJob,
    OutboxRepublishJob,
    RetentionJob,
    ConnectionRecoveryJob,
    RecoveryScheduler,
    WorkflowHealthIndicator,
  ],
  exports: [
    WorkflowEngine,
    WorkflowReplayService,
    RecoveryScheduler,
    WorkflowHealthIndicator,
  ],
})
export class WorkflowsModule extends WorkflowsConfigurableModule {}
