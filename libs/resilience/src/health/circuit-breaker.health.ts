import { Injectable } from '@nestjs/common';
import {
  HealthIndicatorService,
  type HealthIndicatorResult,
} from '@nestjs/terminus';
import { CircuitBreakerRegistry } from '../breakers/circuit-breaker.registry.js';
import type { CircuitBreakerStats } from '../breakers/circuit-breaker-stats.interface.js';
import { CircuitState } from '../breakers/circuit-state.enum.js';

/** One circuit as the health indicator reports it: its stats and whether it is critical. */
export interface CircuitBreakerHealthDetail extends CircuitBreakerStats {
  /** Whether an open circuit makes the indicator `down` (the `critical` setting). */
  critical: boolean;
}

/** Default key of the indicator in the health check result. */
export const CIRCUIT_BREAKER_HEALTH_KEY = 'circuitBreakers';

/**
 * Terminus indicator over every circuit in the {@link CircuitBreakerRegistry}:
 * - `down` when a circuit marked `critical` is open;
 * - `degraded` (Terminus's status for "impaired, still serving": the check stays HTTP 200) when
 *   any other circuit is open, or any circuit is half open;
 * - `up` otherwise (disabled circuits included).
 *
 * A half-open critical circuit is only degraded on purpose: its probes are the application's own
 * calls, and a failing readiness check would take away the traffic that lets it close.
 */
@Injectable()
export class CircuitBreakerHealthIndicator {
  /**
   * @param healthIndicatorService Terminus's result builder
   * @param registry the circuits to report
   */
  constructor(
    private readonly healthIndicatorService: HealthIndicatorService,
    private readonly registry: CircuitBreakerRegistry,
  ) {}

  /**
   * Checks every circuit. Details: the names of open and half-open circuits, and each circuit's
   * stats under `breakers`.
   *
   * @param key key of the indicator in the result, {@link CIRCUIT_BREAKER_HEALTH_KEY} by default
   */
  isHealthy<const Key extends string = typeof CIRCUIT_BREAKER_HEALTH_KEY>(
    key: Key = CIRCUIT_BREAKER_HEALTH_KEY as Key,
  ): HealthIndicatorResult<Key> {
    const indicator = this.healthIndicatorService.check(key);
    const breakers: Record<string, CircuitBreakerHealthDetail> = {};
    const open: string[] = [];
    const halfOpen: string[] = [];
    let criticalOpen = false;
    for (const breaker of this.registry.list()) {
      const stats = breaker.stats();
      breakers[breaker.name] = {
        ...stats,
        critical: breaker.settings.critical,
      };
      if (stats.state === CircuitState.OPEN) {
        open.push(breaker.name);
        criticalOpen ||= breaker.settings.critical;
      } else if (stats.state === CircuitState.HALF_OPEN) {
        halfOpen.push(breaker.name);
      }
    }
    const details = { open, halfOpen, breakers };
    if (criticalOpen) return indicator.down(details);
    if (open.length > 0 || halfOpen.length > 0) {
      return indicator.degraded(details);
    }
    return indicator.up(details);
  }
}
