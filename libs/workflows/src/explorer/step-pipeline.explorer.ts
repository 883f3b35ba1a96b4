import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { DiscoveryService, Reflector } from '@nestjs/core';
import type { PipelineDefinition } from '../pipelines/pipeline-definition.interface.js';
import { PipelineRegistry } from '../engine/pipeline.registry.js';
import { STEP_PIPELINE_METADATA } from '../workflows.constants.js';

/**
 * Finds the `@StepPipeline()` providers of the whole application at `onModuleInit` and registers
 * them with the `PipelineRegistry`. A pipeline without a type or steps, a request-scoped one, or
 * two pipelines of one type stop the start: a message of that type could not be processed.
 */
@Injectable()
export class StepPipelineExplorer implements OnModuleInit {
  private readonly logger = new Logger('WorkflowPipelines');

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly reflector: Reflector,
    private readonly registry: PipelineRegistry,
  ) {}

  /** @throws Error for a pipeline that cannot be registered */
  onModuleInit(): void {
    for (const wrapper of this.discovery.getProviders()) {
      const { metatype, instance } = wrapper;
      if (
        typeof metatype !== 'function' ||
        !this.reflector.get<boolean | undefined>(
          STEP_PIPELINE_METADATA,
          metatype,
        )
      )
        continue;
      const name = metatype.name;
      if (!wrapper.isDependencyTreeStatic() || !instance)
        throw new Error(
          `@StepPipeline() ${name} must be a singleton: messages are processed outside any request`,
        );
      const pipeline = instance as Partial<PipelineDefinition>;
      if (typeof pipeline.type !== 'string' || !Array.isArray(pipeline.steps))
        throw new Error(
          `@StepPipeline() ${name} must have a string \`type\` and an array of \`steps\``,
        );
      this.registry.register(pipeline as PipelineDefinition);
    }
    this.logger.log(`Pipelines: ${this.registry.types().join(', ') || 'none'}`);
  }
}
