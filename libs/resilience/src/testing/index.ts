// Helpers for testing code that uses the resilience libraries.

// Faults between the app and a real service
export {
  FaultProxy,
  type FaultDirection,
  type FaultProxyTarget,
  type FaultStep,
} from './fault-proxy.js';

// The library in a test, and what it did
export {
  ResilienceTestingModule,
  RESILIENCE_TEST_DEFAULTS,
  type ResilienceTestingOptions,
} from './resilience-testing.module.js';
export { ResilienceRecorder } from './resilience.recorder.js';

// Time the library's timers follow
export { FakeClock } from './fake-clock.js';

// A scriptable HTTP upstream
export { StubHttpServer } from './stub-http-server.js';
export type { StubRequest, StubResponse } from './stub-http-server.js';
