import {
  applyCheckpointPatch,
  type Checkpoint,
  type CheckpointPatch,
} from './checkpoint.interface.js';
import type { CheckpointStore } from './checkpoint.store.js';
import type { PipelineDefinition } from './pipeline-definition.interface.js';
import type { PipelineStep, StepInput } from './pipeline-step.interface.js';
import { PipelineStatus } from './pipeline-status.enum.js';
import { StepAction } from './step-action.enum.js';
import type { StepHistoryEntry } from './step-history-entry.interface.js';
import { StepOutcome } from './step-outcome.enum.js';

/** Options of a {@link StepPipelineRunner}. */
export interface StepPipelineRunnerOptions {
  store: CheckpointStore;
  /** How far each checkpoint extends the claim: longer than any one step can take. */
  leaseMs: number;
  /** @default () => new Date() */
  clock?: () => Date;
}

/** How a forward run ended. */
export type ForwardRunResult =
  /** Every step completed; the message is `COMPLETED` and released. */
  | { kind: 'completed'; checkpoint: Checkpoint }
  /** `step` threw `error`; nothing was written about it: the caller decides and commits. */
  | {
      kind: 'failed';
      checkpoint: Checkpoint;
      step: PipelineStep;
      error: unknown;
      startedAt: Date;
    }
  /** Asked to stop between steps; the last checkpoint stands and the message is still held. */
  | { kind: 'stopped'; checkpoint: Checkpoint }
  /** Another claimer took the message over; this run wrote nothing more. */
  | { kind: 'lease-lost'; checkpoint: Checkpoint };

/** An undo that threw, after its own retries. */
export interface CompensationFailure {
  step: PipelineStep;
  error: unknown;
  startedAt: Date;
}

/** How a compensation run ended. */
export type CompensationRunResult =
  | { kind: 'done'; checkpoint: Checkpoint; failures: CompensationFailure[] }
  | { kind: 'lease-lost'; checkpoint: Checkpoint };

/**
 * Runs a pipeline's steps with a checkpoint after each: the step's output, the message's status,
 * last completed step, retry count and time, written in one transaction together with the step's
 * history line, and only while the run's claim still holds the message. A run starts at the first
 * step not yet completed, so a crash, a redelivery or a replay never repeats a completed step.
 *
 * Nest-free: steps are plain objects (usually bound to decorated provider methods) and storage is
 * the {@link CheckpointStore} port. What to do about a failed step is the caller's decision.
 */
export class StepPipelineRunner {
  private readonly store: CheckpointStore;
  private readonly leaseMs: number;
  private readonly clock: () => Date;

  constructor(options: StepPipelineRunnerOptions) {
    this.store = options.store;
    this.leaseMs = options.leaseMs;
    this.clock = options.clock ?? (() => new Date());
  }

  /** Steps of `definition` not completed yet, in order. */
  static remainingSteps<T>(
    definition: PipelineDefinition<T>,
    checkpoint: Checkpoint,
  ): PipelineStep<T>[] {
    const done = new Set(checkpoint.completedSteps);
    return definition.steps.filter((step) => !done.has(step.name));
  }

  /** What `step` is given for `action` at this checkpoint. */
  static inputOf(
    checkpoint: Checkpoint,
    step: PipelineStep,
    action = StepAction.RUN,
  ): StepInput {
    return {
      messageId: checkpoint.id,
      type: checkpoint.type,
      payload: checkpoint.payload,
      outputs: checkpoint.outputs,
      idempotencyKey:
        action === StepAction.RUN
          ? `${checkpoint.id}:${step.name}`
          : `${checkpoint.id}:${step.name}:compensate`,
      retryCount: checkpoint.retryCount,
    };
  }

  /**
   * Runs the remaining steps of a message held by `token`.
   * @param shouldStop asked before each step; true stops the run between steps
   */
  async runForward(
    definition: PipelineDefinition,
    checkpoint: Checkpoint,
    token: string,
    shouldStop: () => boolean = () => false,
  ): Promise<ForwardRunResult> {
    let current = checkpoint;
    for (const step of StepPipelineRunner.remainingSteps(definition, current)) {
      if (shouldStop()) return { kind: 'stopped', checkpoint: current };
      const startedAt = this.clock();
      let output: unknown;
      try {
        output = await step.run(StepPipelineRunner.inputOf(current, step));
      } catch (error) {
        return { kind: 'failed', checkpoint: current, step, error, startedAt };
      }
      const next = await this.completeStep(
        definition,
        current,
        token,
        step,
        output,
        startedAt,
      );
      if (!next) return { kind: 'lease-lost', checkpoint: current };
      current = next;
    }
    return { kind: 'completed', checkpoint: current };
  }

  /**
   * Records `step` as completed with `output` (its own, or a fallback's with `extra` saying
   * so); the last step also completes and releases the message.
   * @returns the new checkpoint, or `undefined` when the claim was lost
   */
  async completeStep(
    definition: PipelineDefinition,
    checkpoint: Checkpoint,
    token: string,
    step: PipelineStep,
    output: unknown,
    startedAt: Date,
    extra: Partial<StepHistoryEntry> = {},
  ): Promise<Checkpoint | undefined> {
    const at = this.clock();
    const completedSteps = [...checkpoint.completedSteps, step.name];
    const next = definition.steps.find((s) => !completedSteps.includes(s.name));
    const patch: CheckpointPatch = {
      status: next ? PipelineStatus.PROCESSING : PipelineStatus.COMPLETED,
      completedSteps,
      // JSON null stands for a step that returned nothing, so the output is always present.
      outputs: { ...checkpoint.outputs, [step.name]: output ?? null },
      lastCompletedStep: step.name,
      currentStep: next?.name ?? null,
      retryCount: 0,
      nextAttemptAt: null,
      ...(next
        ? { leaseUntil: new Date(at.getTime() + this.leaseMs) }
        : { leaseToken: null, leaseUntil: null, finishedAt: at }),
    };
    const entry: StepHistoryEntry = {
      step: step.name,
      action: StepAction.RUN,
      outcome: StepOutcome.COMPLETED,
      attempt: checkpoint.retryCount + 1,
      startedAt,
      finishedAt: at,
      ...extra,
    };
    const written = await this.store.commit(
      checkpoint.id,
      token,
      patch,
      [entry],
      at,
    );
    return written ? applyCheckpointPatch(checkpoint, patch, at) : undefined;
  }

  /**
   * Undoes the completed steps of a message held by `token`, latest first: those with an undo
   * and not undone yet (or only those named in `only`). A failed undo does not stop the others;
   * each success is checkpointed at once, failures are returned for the caller to record.
   */
  async compensate(
    definition: PipelineDefinition,
    checkpoint: Checkpoint,
    token: string,
    only?: readonly string[],
  ): Promise<CompensationRunResult> {
    let current = checkpoint;
    const failures: CompensationFailure[] = [];
    for (const name of [...current.completedSteps].reverse()) {
      const step = definition.steps.find((s) => s.name === name);
      if (!step?.compensate || current.compensatedSteps.includes(name))
        continue;
      if (only && !only.includes(name)) continue;
      const startedAt = this.clock();
      try {
        await step.compensate(
          StepPipelineRunner.inputOf(current, step, StepAction.COMPENSATE),
          current.outputs[name],
        );
      } catch (error) {
        failures.push({ step, error, startedAt });
        continue;
      }
      const at = this.clock();
      const patch: CheckpointPatch = {
        compensatedSteps: [...current.compensatedSteps, name],
        leaseUntil: new Date(at.getTime() + this.leaseMs),
      };
      const entry: StepHistoryEntry = {
        step: name,
        action: StepAction.COMPENSATE,
        outcome: StepOutcome.COMPLETED,
        attempt: 1,
        startedAt,
        finishedAt: at,
      };
      if (!(await this.store.commit(current.id, token, patch, [entry], at))) {
        return { kind: 'lease-lost', checkpoint: current };
      }
      current = applyCheckpointPatch(current, patch, at);
    }
    return { kind: 'done', checkpoint: current, failures };
  }

  /** Whether any completed step of `checkpoint` has an undo not yet done. */
  static hasCompensation(
    definition: PipelineDefinition,
    checkpoint: Checkpoint,
  ): boolean {
    return checkpoint.completedSteps.some(
      (name) =>
        !checkpoint.compensatedSteps.includes(name) &&
        definition.steps.some(
          (s) => s.name === name && s.compensate !== undefined,
        ),
    );
  }
}
