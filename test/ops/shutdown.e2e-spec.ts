import { setTimeout as sleep } from 'node:timers/promises';
import {
  embeddedEnv,
  ensureBuilt,
  freePort,
  isAlive,
  nestPid,
  removeAppData,
  start,
  type StartedProcess,
} from './app.process.js';

const LISTENING = /Listening on http:\/\/localhost:\d+/;

function orderBody(): string {
  return JSON.stringify({
    customerId: 'customer-ops',
    products: [{ productId: 'product-1', quantity: 1 }],
    shippingAddress: {
      street: '1 Main Street',
      city: 'Springfield',
      state: 'IL',
      zipCode: '62701',
      country: 'US',
    },
  });
}

/** The app is gone: its Node.js process has exited and nothing answers on its port. */
async function expectGone(started: StartedProcess, port: number) {
  const pid = nestPid(started.output());
  expect(pid).toBeDefined();
  expect(isAlive(pid!)).toBe(false);
  await expect(
    fetch(`http://127.0.0.1:${port}/health/liveness`),
  ).rejects.toThrow();
}

describe('SIGTERM to the npm scripts reaches the application, which drains and exits 0', () => {
  let running: StartedProcess | undefined;

  afterEach(() => {
    running?.kill();
    running = undefined;
  });
  afterAll(() => removeAppData());

  it('`npm start` (build, then the app): an idle instance exits 0 and is gone', async () => {
    const port = await freePort();
    running = start('npm', ['start'], embeddedEnv(port, { NO_COLOR: '1' }));
    await running.waitFor(LISTENING, 240_000);
    running.child.kill('SIGTERM');
    const { code, signal } = await running.exited;
    expect({ code, signal }).toEqual({ code: 0, signal: null });
    await expectGone(running, port);
  }, 300_000);

  it('`npm run start:prod`: a request in flight completes 201, then the app exits 0', async () => {
    ensureBuilt();
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    running = start(
      'npm',
      ['run', 'start:prod'],
      embeddedEnv(port, { NO_COLOR: '1', SHUTDOWN_GRACE_PERIOD_MS: '20000' }),
    );
    await running.waitFor(LISTENING, 60_000);
    // The built-in product service answers after 2 s: the order is in flight when SIGTERM comes.
    const faults = await fetch(`${url}/simulators/product-service/faults`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ latencyMs: 2_000 }),
    });
    expect(faults.status).toBe(200);
    const order = fetch(`${url}/orders`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: orderBody(),
    });
    await sleep(500);
    running.child.kill('SIGTERM');

    const response = await order;
    expect(response.status).toBe(201);
    expect(await response.json()).toMatchObject({ status: 'PENDING' });
    const { code, signal } = await running.exited;
    expect({ code, signal }).toEqual({ code: 0, signal: null });
    expect(running.output()).toContain('waiting for 1 request(s)');
    expect(running.output()).not.toMatch(/unfinished after/);
    await expectGone(running, port);
  }, 120_000);
});
