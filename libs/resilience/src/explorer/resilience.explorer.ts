import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';
import type { InstanceWrapper } from '@nestjs/core/injector/instance-wrapper.js';
import { defer, Observable } from 'rxjs';
import type { ResolvedResilienceSettings } from '../config/resilience-settings.interface.js';
import { getResilienceMetadata } from '../decorators/resilience-metadata.js';
import type { ResilienceMethodMetadata } from '../decorators/resilience-metadata.interface.js';
import type { PolicyPipeline } from '../policies/policy.pipeline.js';
import { RESILIENCE_SETTINGS } from '../resilience.constants.js';
import { assertConfiguredLayersUsed } from './configured-layer.check.js';
import { methodOperation } from './guarded-call.js';
import {
  GuardedLayerRegistry,
  type GuardedLayer,
} from './guarded-layer.registry.js';
import { ResiliencePipelineFactory } from './resilience-pipeline.factory.js';

/**
 * Wires the resilience decorators at `onModuleInit`, as `@nestjs/schedule` does:
 *
 * - provider methods are replaced on their instance by a guarded version. A method declared to
 *   return an `Observable` gives back a lazy `Observable` (each subscription is one guarded
 *   call); every other method gives back a `Promise`, since waiting (timeouts, backoff) cannot
 *   be synchronous.
 * - controller route handlers and microservice handlers were bound by Nest before this hook, so
 *   their pipelines are built here and applied by `ResilienceInterceptor`.
 *
 * Building every pipeline at boot means configuration mistakes stop the start, and so does a
 * configured layer that no call to its service passes through: each decorated method is recorded
 * in the {@link GuardedLayerRegistry} (where code guarding calls itself has declared its layers
 * from its constructor), then every key of every service is checked against it.
 */
@Injectable()
export class ResilienceExplorer implements OnModuleInit {
  private readonly logger = new Logger(ResilienceExplorer.name);
  private readonly handlers = new WeakMap<Function, HandlerPipeline>();

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly factory: ResiliencePipelineFactory,
    private readonly layers: GuardedLayerRegistry,
    @Inject(RESILIENCE_SETTINGS)
    private readonly settings: ResolvedResilienceSettings,
  ) {}

  /** The pipeline of a controller or microservice handler, if it carries decorators. */
  handlerPipeline(handler: Function): HandlerPipeline | undefined {
    return this.handlers.get(handler);
  }

  /**
   * @throws ResilienceConfigurationError for a decorator the configuration cannot serve, or a
   *   configured key no guarded call uses
   */
  onModuleInit(): void {
    let wrapped = 0;
    for (const wrapper of this.discovery.getProviders()) {
      wrapped += this.visit(wrapper, (method, site, metadata, instance) => {
        const name = method.name;
        (instance as Record<string, unknown>)[name] = this.guard(
          instance,
          method,
          metadata,
          this.factory.create(metadata, { instance, site }),
          Reflect.getMetadata('design:returntype', instance, name) ===
            Observable,
        );
      });
    }
    for (const wrapper of this.discovery.getControllers()) {
      wrapped += this.visit(wrapper, (method, site, metadata, instance) => {
        this.handlers.set(method, {
          pipeline: this.factory.create(metadata, {
            instance,
            site,
            abortable: true,
          }),
        });
      });
    }
    assertConfiguredLayersUsed(this.settings, this.layers);
    if (wrapped > 0) this.logger.log(`Guarded ${wrapped} method(s)`);
  }

  private visit(
    wrapper: InstanceWrapper,
    wire: (
      method: Function,
      site: string,
      metadata: ResilienceMethodMetadata,
      instance: object,
    ) => void,
  ): number {
    const { instance } = wrapper;
    // Request-scoped providers have no instance at boot; their decorators have nothing to guard.
    if (
      !instance ||
      typeof instance !== 'object' ||
      !wrapper.isDependencyTreeStatic()
    ) {
      return 0;
    }
    const prototype = Object.getPrototypeOf(instance) as Record<
      string,
      unknown
    >;
    let count = 0;
    for (const name of this.scanner.getAllMethodNames(prototype)) {
      const method = prototype[name];
      if (typeof method !== 'function') continue;
      const metadata = getResilienceMetadata(method);
      if (!metadata) continue;
      const site = `${instance.constructor.name}.${name}`;
      wire(method, site, metadata, instance);
      this.record(metadata, site);
      count++;
    }
    return count;
  }

  /** Records the layers a decorated method's calls pass through, by service. */
  private record(metadata: ResilienceMethodMetadata, site: string): void {
    const { circuitBreaker, retry, bulkhead, timeout } = metadata;
    const declare = (service: string | undefined, layers: GuardedLayer[]) => {
      if (service !== undefined) this.layers.declare(service, layers, site);
    };
    // A method's own timeoutMs replaces the configured one for its calls.
    declare(
      circuitBreaker?.service,
      circuitBreaker?.overrides.timeoutMs === undefined
        ? ['circuitBreaker', 'timeout']
        : ['circuitBreaker'],
    );
    declare(retry?.service, ['retry']);
    declare(bulkhead?.service, ['bulkhead']);
    declare(timeout?.service, ['timeout']);
  }

  private guard(
    instance: object,
    method: Function,
    metadata: ResilienceMethodMetadata,
    pipeline: PolicyPipeline,
    returnsObservable: boolean,
  ): Function {
    const run = pipeline.bind(
      methodOperation(instance, method, metadata.signalIndex),
    );
    const guarded = returnsObservable
      ? (...args: unknown[]) => defer(() => run({ attempt: 0, args }))
      : (...args: unknown[]) => run({ attempt: 0, args });
    Object.defineProperty(guarded, 'name', { value: method.name });
    return guarded;
  }
}

/** A handler's pipeline, applied by the interceptor. */
export interface HandlerPipeline {
  pipeline: PolicyPipeline;
}
