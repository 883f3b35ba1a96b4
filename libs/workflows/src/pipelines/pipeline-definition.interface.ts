import type { PipelineStep } from './pipeline-step.interface.js';

/** The ordered steps that process one message type. */
export interface PipelineDefinition<TPayload = unknown> {
  /** Message type handled, for example `patient-record`. */
  readonly type: string;
  /** Run in this order; undone in the reverse order. */
  readonly steps: readonly PipelineStep<TPayload>[];
}
