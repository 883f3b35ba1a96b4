import { Injectable } from '@nestjs/common';
import { ValidationFailedError } from '@nest-resilience/problem-details';
import { type PipelineDefinition } from '@nest-resilience/workflows';
import { OrderFulfilmentPipeline } from './order-fulfilment.pipeline.js';
import { PatientRecordPipeline } from './patient-record.pipeline.js';

/** The pipeline of each message type. */
@Injectable()
export class PipelineRegistry {
  private readonly pipelines: ReadonlyMap<string, PipelineDefinition>;

  constructor(
    patientRecord: PatientRecordPipeline,
    orderFulfilment: OrderFulfilmentPipeline,
  ) {
    const all: PipelineDefinition[] = [
      patientRecord,
      orderFulfilment,
    ] as PipelineDefinition[];
    this.pipelines = new Map(all.map((p) => [p.type, p]));
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
