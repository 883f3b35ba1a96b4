import { Injectable } from '@nestjs/common';

/**
 * A layer a call to a service passes through, as the configuration tunes it: `circuitBreaker`
 * (every `circuitBreaker` key but `timeoutMs`), `timeout` (`circuitBreaker.timeoutMs`), `retry`
 * and `bulkhead`.
 */
export type GuardedLayer = 'circuitBreaker' | 'timeout' | 'retry' | 'bulkhead';

/**
 * Which layers guard the calls to each configured service, and where. The explorer records
 * every decorated method; code that guards calls itself (a `PolicyPipeline` built from a
 * service's settings) declares its layers from its constructor. At boot the explorer checks
 * that every layer the configuration tunes for a service is used by one of these.
 *
 * @example
 * ```ts
 * constructor(layers: GuardedLayerRegistry) {
 *   layers.declare('rabbitmq', ['circuitBreaker', 'retry'], 'OutboxRelay');
 * }
 * ```
 */
@Injectable()
export class GuardedLayerRegistry {
  private readonly byService = new Map<string, Map<GuardedLayer, string[]>>();

  /**
   * Records that calls to `service` pass through `layers`.
   * @param site who guards them, for messages (`OrderStore.save`)
   */
  declare(
    service: string,
    layers: readonly GuardedLayer[],
    site: string,
  ): void {
    let used = this.byService.get(service);
    if (!used) {
      used = new Map();
      this.byService.set(service, used);
    }
    for (const layer of layers) {
      const sites = used.get(layer) ?? [];
      if (!sites.includes(site)) sites.push(site);
      used.set(layer, sites);
    }
  }

  /** The sites whose calls to `service` pass through `layer`; empty when none. */
  sites(service: string, layer: GuardedLayer): readonly string[] {
    return this.byService.get(service)?.get(layer) ?? [];
  }

  /** Whether anything guards calls to `service`. */
  isGuarded(service: string): boolean {
    return this.byService.has(service);
  }

  /** Every service something guards calls to, in the order they were first declared. */
  services(): string[] {
    return [...this.byService.keys()];
  }
}
