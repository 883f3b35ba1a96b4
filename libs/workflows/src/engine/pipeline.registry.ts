import { Injectable } from '@nestjs/common';
import { ValidationFailedError } from '@nest-resilience/problem-details';
import type { PipelineDefinition } from '../pipelines/pipeline-definition.interface.js';

/** The pipeline of each message type, filled at start by the `StepPipelineExplorer`. */
@Injectable()
export class PipelineRegistry {
  private readonly pipelines = new Map<string, PipelineDefinition>();

  /**
   * Adds the pipeline of `pipeline.type`.
   * @throws Error when another pipeline has that type
   */
  register(pipeline: PipelineDefinition): void {
    const existing = this.pipelines.get(pipeline.type);
    if (existing && existing !== pipeline)
      throw new Error(
        `Two pipelines for message type "${pipeline.type}": ${existing.constructor.name} and ${pipeline.constructor.name}`,
      );
    this.pipelines.set(pipeline.type, pipeline);
  }

  /** Message types with a pipeline. */
  types(): string[] {
    return [...this.pipelines.keys()];
  }

  /** The pipeline of `type`, if there is one. */
  find(type: string): PipelineDefinition | undefined {
    return this.pipelines.get(type);
  }

  /**
   * The pipeline of `type`.
   * @throws ValidationFailedError (400 `VALIDATION_FAILED`, pointer `/type`) for an unknown type
   */
  get(type: string): PipelineDefinition {
    const pipeline = this.pipelines.get(type);
    if (!pipeline) {
      throw new ValidationFailedError([
        {
          pointer: '/type',
          message: `unknown message type; known types: ${this.types().join(', ')}`,
        },
      ]);
    }
    return pipeline;
  }
}
