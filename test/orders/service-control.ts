import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import pg from 'pg';
import { POSTGRES_URL } from './orders-test.app.js';

const run = promisify(execFile);

/** Stops the local Redis at once (no save), as a crash would. */
export async function stopRedis(): Promise<void> {
  await run('redis-cli', ['shutdown', 'nosave']).catch(() => undefined);
}

/** Starts the local Redis the way CI does, and waits until it answers. */
export async function startRedis(): Promise<void> {
  await run('redis-server', [
    '--daemonize',
    'yes',
    '--bind',
    '127.0.0.1',
    '-::1',
    '--port',
    '6379',
    '--save',
    '',
    '--appendonly',
    'no',
    '--dir',
    '/var/lib/redis',
    '--logfile',
    '/var/log/redis/ci.log',
  ]).catch(() => undefined);
  for (let i = 0; i < 100; i++) {
    const pong = await run('redis-cli', ['ping']).then(
      (r) => r.stdout.trim(),
      () => '',
    );
    if (pong === 'PONG') return;
    await sleep(100);
  }
  throw new Error('Redis did not come back (see /var/log/redis/ci.log)');
}

/** Makes Redis accept connections but answer nothing for `ms`, as a hung server would. */
export async function pauseRedis(ms: number): Promise<void> {
  await run('redis-cli', ['client', 'pause', String(ms), 'ALL']);
}

function cluster(): string[] {
  return [readdirSync('/etc/postgresql')[0], 'main'];
}

/** Stops the local PostgreSQL cluster (fast shutdown: sessions are terminated). */
export async function stopPostgres(): Promise<void> {
  await run('pg_ctlcluster', [
    '--skip-systemctl-redirect',
    ...cluster(),
    'stop',
    '-m',
    'fast',
  ]);
}

/** Starts the local PostgreSQL cluster and waits until it accepts queries. */
export async function startPostgres(): Promise<void> {
  await run('pg_ctlcluster', [
    '--skip-systemctl-redirect',
    ...cluster(),
    'start',
  ]).catch(() => undefined);
  for (let i = 0; i < 150; i++) {
    const client = new pg.Client({ connectionString: POSTGRES_URL });
    try {
      await client.connect();
      await client.query('SELECT 1');
      return;
    } catch {
      await sleep(200);
    } finally {
      await client.end().catch(() => undefined);
    }
  }
  throw new Error('PostgreSQL did not come back (see /var/log/postgresql)');
}
