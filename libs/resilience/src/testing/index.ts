// Helpers for testing code that uses the resilience library.
export { StubHttpServer } from './stub-http-server.js';
export type { StubRequest, StubResponse } from './stub-http-server.js';
