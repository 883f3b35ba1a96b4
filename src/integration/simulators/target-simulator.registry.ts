import { Injectable } from '@nestjs/common';
import {
  TARGET_SYSTEMS,
  type TargetSystem,
} from '../config/integration.config.js';
import { TargetSimulator } from './target.simulator.js';
import type { TargetSimulatorView } from './target-faults.interface.js';

/** The resource each simulated target system serves. */
export const SIMULATED_RESOURCES: Record<TargetSystem, string> = {
  'fhir-server': 'Bundle',
  'terminology-server': 'lookups',
  'inventory-service': 'reservations',
  'payment-service': 'payments',
  'shipping-service': 'shipments',
};

function lookupDisplays(body: unknown): Record<string, unknown> {
  const codes = (body as { codes?: unknown } | undefined)?.codes;
  const list = Array.isArray(codes)
    ? codes.filter((c): c is string => typeof c === 'string')
    : [];
  return {
    concepts: list.map((code) => ({ code, display: `Concept ${code}` })),
  };
}

/**
 * The simulated target systems of the integration engine, one per target system, each named
 * after its service in the resilience configuration. `GET /simulators` of the application can
 * list them through {@link list}.
 */
@Injectable()
export class TargetSimulatorRegistry {
  private readonly simulators = new Map<TargetSystem, TargetSimulator>([
    [
      'fhir-server',
      new TargetSimulator('fhir-server', 'Bundle', () => ({
        resourceType: 'Bundle',
        type: 'transaction-response',
      })),
    ],
    [
      'terminology-server',
      new TargetSimulator('terminology-server', 'lookups', (_id, body) =>
        lookupDisplays(body),
      ),
    ],
    [
      'inventory-service',
      new TargetSimulator('inventory-service', 'reservations'),
    ],
    [
      'payment-service',
      new TargetSimulator('payment-service', 'payments', () => ({
        status: 'captured',
      })),
    ],
    [
      'shipping-service',
      new TargetSimulator('shipping-service', 'shipments', (id) => ({
        trackingNumber: `TRK-${id}`,
      })),
    ],
  ]);

  /** Whether `name` is one of these simulators. */
  has(name: string): name is TargetSystem {
    return (TARGET_SYSTEMS as readonly string[]).includes(name);
  }

  /** The simulator of `name`. */
  get(name: TargetSystem): TargetSimulator {
    return this.simulators.get(name)!;
  }

  /** Every simulator with its faults and counts. */
  list(): TargetSimulatorView[] {
    return [...this.simulators.values()].map((s) => s.view());
  }

  /** Resets every simulator. */
  resetAll(): void {
    for (const simulator of this.simulators.values()) simulator.reset();
  }
}
