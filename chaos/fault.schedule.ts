import { setTimeout as sleep } from 'node:timers/promises';
import type {
  FaultProxy,
  FaultStep,
} from '@nest-resilience/resilience/testing';

/** The proxies between the application and each real service. */
export interface ChaosProxies {
  postgres: FaultProxy;
  redis: FaultProxy;
  rabbitmq: FaultProxy;
}

/** One fault of the schedule, and when it was actually switched on and off. */
export interface FaultWindow {
  name: string;
  /** What a user of the service sees while it lasts. */
  description: string;
  /** Milliseconds after the load starts. */
  atMs: number;
  durationMs: number;
  /** Epoch milliseconds it was switched on, then off; unset until it was. */
  startedAt?: number;
  endedAt?: number;
}

/** How long each fault lasts. */
const FAULT_MS = 3_000;
/** Time from one fault's start to the next one's: the rest is recovery. */
const SPACING_MS = 6_000;

/** A fault of a real service, made by its proxy. */
interface ProxyFault {
  name: keyof ChaosProxies;
  description: string;
  apply: (proxy: FaultProxy) => void;
}

/** A fault of a built-in simulator, set through `PUT /simulators/:name/faults`. */
interface SimulatorFault {
  name: 'product-service' | 'delivery-service';
  description: string;
  faults: { errorRate: number; status: number };
}

/** The schedule, in order: each fault once, spaced out with recovery in between. */
const PLAN: (ProxyFault | SimulatorFault)[] = [
  {
    name: 'product-service',
    description: 'every availability check answered 503',
    faults: { errorRate: 1, status: 503 },
  },
  {
    name: 'delivery-service',
    description: 'every delivery request answered 503',
    faults: { errorRate: 1, status: 503 },
  },
  {
    name: 'redis',
    description: 'stalled: connections kept, nothing forwarded',
    apply: (proxy) => proxy.stall(),
  },
  {
    name: 'rabbitmq',
    description: 'down: connections cut, new ones refused',
    apply: (proxy) => proxy.down(),
  },
  {
    name: 'postgres',
    description: 'down: connections cut, new ones refused',
    apply: (proxy) => proxy.down(),
  },
];

/** The windows of the schedule, before it runs; the last one ends 30 s into the load. */
export function plannedFaults(): FaultWindow[] {
  return PLAN.map(({ name, description }, index) => ({
    name,
    description,
    atMs: SPACING_MS / 2 + index * SPACING_MS,
    durationMs: FAULT_MS,
  }));
}

/** Sets a built-in simulator's faults through the application's own control API. */
async function setSimulatorFaults(
  appUrl: string,
  name: string,
  faults: Record<string, number>,
): Promise<void> {
  const response = await fetch(`${appUrl}/simulators/${name}/faults`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(faults),
  });
  if (!response.ok) {
    throw new Error(`PUT /simulators/${name}/faults: ${response.status}`);
  }
}

/** Switches one simulator's fault on at its window's start and off at its end. */
async function playSimulatorFault(
  fault: SimulatorFault,
  window: FaultWindow,
  startedAt: number,
  appUrl: string,
): Promise<void> {
  await sleep(Math.max(0, startedAt + window.atMs - Date.now()));
  window.startedAt = Date.now();
  await setSimulatorFaults(appUrl, fault.name, fault.faults);
  await sleep(Math.max(0, window.startedAt + window.durationMs - Date.now()));
  window.endedAt = Date.now();
  await setSimulatorFaults(appUrl, fault.name, { errorRate: 0 });
}

/**
 * Plays the schedule from now: each proxy's faults through its `FaultProxy.run`, the
 * simulators' through `PUT /simulators/:name/faults`. Records in each window when its fault
 * was switched on and off; resolves once every fault is over.
 */
export async function runFaults(
  windows: FaultWindow[],
  proxies: ChaosProxies,
  appUrl: string,
): Promise<void> {
  const startedAt = Date.now();
  const runs = PLAN.map((fault, index) => {
    const window = windows[index];
    if (!('apply' in fault)) {
      return playSimulatorFault(fault, window, startedAt, appUrl);
    }
    const steps: FaultStep[] = [
      {
        atMs: window.atMs,
        apply: (proxy) => {
          window.startedAt = Date.now();
          fault.apply(proxy);
        },
      },
      {
        atMs: window.atMs + window.durationMs,
        apply: (proxy) => {
          window.endedAt = Date.now();
          proxy.pass();
        },
      },
    ];
    return proxies[fault.name].run(steps);
  });
  await Promise.all(runs);
}
