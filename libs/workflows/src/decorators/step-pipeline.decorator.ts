import { applyDecorators, Injectable, SetMetadata } from '@nestjs/common';
import { STEP_PIPELINE_METADATA } from '../workflows.constants.js';

/**
 * Marks a provider as the pipeline of one message type. The class implements
 * `PipelineDefinition` (its `type` and `steps`) and is listed in the `providers` of any module of
 * the application; `WorkflowsModule` finds it at start, as `@nestjs/schedule` finds `@Cron()`
 * methods, so pipelines keep their own module and its dependencies (clients, repositories).
 * Also makes the class injectable.
 *
 * @example
 * ```ts
 * @StepPipeline()
 * export class OrderFulfilmentPipeline implements PipelineDefinition<Order> {
 *   readonly type = 'order-fulfilment';
 *   readonly steps = [{ name: 'validate', run: (input) => this.validate(input) }];
 * }
 * ```
 */
export function StepPipeline(): ClassDecorator {
  return applyDecorators(
    Injectable(),
    SetMetadata(STEP_PIPELINE_METADATA, true),
  );
}
