import { randomBytes } from 'node:crypto';
import { getDataSourceToken } from '@nestjs/typeorm';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { StubHttpServer } from '@nest-resilience/resilience/testing';
import {
  DeadLetterMaintenanceService,
  DeadLetterService,
  type DeadLetterEncryptionKey,
} from '@nest-resilience/dead-letters';
import { AppModule } from '../../src/app.module.js';
import { startTestApp } from '../support/test-app.js';
import {
  admin,
  createTestDatabase,
  deadLetterBody,
  DRIVERS,
  startDeadLetterApp,
  type DeadLetterTestApp,
  type TestDatabase,
} from './dead-letter-test.app.js';

const k1: DeadLetterEncryptionKey = { id: 'k1', key: randomBytes(32) };
const k2: DeadLetterEncryptionKey = { id: 'k2', key: randomBytes(32) };
const k3: DeadLetterEncryptionKey = { id: 'k3', key: randomBytes(32) };

const PAYLOAD = {
  amount: 10,
  card: { cardNumber: '4111111111111111' },
  customer: { email: 'ada@example.com', note: 'call +49 170 1234567' },
  token: 'tok_live_9f8e7d6c',
};
const HEADERS = {
  Authorization: 'Bearer real-bearer-token',
  'x-tenant': 't-1',
};
const ERROR_MESSAGE =
  'refused for ada@example.com with token=tok_live_9f8e7d6c';
const SECRETS = [
  '4111111111111111',
  'ada@example.com',
  'tok_live_9f8e7d6c',
  'real-bearer-token',
  '170 1234567',
];

/** Key ids of the sealed values in a raw row (`plain` for a value stored as it is). */
function keyIdsOf(row: Record<string, unknown>): string[] {
  return ['payload', 'headers', 'error_message'].map((column) => {
    const value = row[column];
    const text = typeof value === 'string' ? value : JSON.stringify(value);
    return /^"?enc:v1:([\w.-]+):/.exec(text)?.[1] ?? 'plain';
  });
}

describe.each(DRIVERS)('dead letters encrypted at rest on %s', (driver) => {
  let database: TestDatabase;
  let stub: StubHttpServer;
  let t: DeadLetterTestApp | undefined;

  const start = async (
    keys: DeadLetterEncryptionKey[],
    options: { reEncryptOnBoot?: boolean } = {},
  ) => {
    await t?.close();
    t = undefined;
    t = await startDeadLetterApp(database, {
      encryptionKeys: keys,
      ...options,
    });
    return t;
  };
  const table = () =>
    driver === 'postgres'
      ? `"${database.env.DATABASE_SCHEMA}".dead_letters`
      : 'dead_letters';
  const rawRows = async (): Promise<Record<string, unknown>[]> =>
    t!.dataSource.query(`SELECT * FROM ${table()} ORDER BY created_at, id`);
  const rawRow = async (id: string) =>
    (await rawRows()).find((row) => row.id === id)!;
  const deadLetter = (app: DeadLetterTestApp, messageId: string) =>
    request(app.server)
      .post('/admin/dlq/messages')
      .set(admin)
      .send(
        deadLetterBody({
          source: 'payments',
          destination: `${stub.url}/pay`,
          messageId,
          payload: PAYLOAD,
          headers: HEADERS,
          error: { code: 'UPSTREAM_UNAVAILABLE', message: ERROR_MESSAGE },
        }),
      )
      .expect(201)
      .then((response) => response.body.id as string);
  const show = (app: DeadLetterTestApp, id: string) =>
    request(app.server).get(`/admin/dlq/messages/${id}`).set(admin);

  beforeAll(async () => {
    stub = await StubHttpServer.start();
  });
  afterAll(async () => {
    await stub?.close();
  });
  beforeEach(async () => {
    database = await createTestDatabase(driver);
    stub.reset();
    stub.on('POST', '/pay').reply({ status: 200 });
  });
  afterEach(async () => {
    await t?.close();
    t = undefined;
    await database?.drop();
  });

  it('keeps no plaintext in any column, shows the masked view and replays the original', async () => {
    const app = await start([k1]);
    const id = await deadLetter(app, 'm-1');

    const rows = await rawRows();
    expect(rows).toHaveLength(1);
    const raw = JSON.stringify(rows);
    for (const secret of SECRETS) expect(raw).not.toContain(secret);
    expect(keyIdsOf(rows[0]!)).toEqual(['k1', 'k1', 'k1']);
    // What queries filter on stays plaintext.
    expect(rows[0]).toMatchObject({
      source: 'payments',
      destination: `${stub.url}/pay`,
      status: 'PENDING',
      category: 'TRANSIENT',
      message_id: 'm-1',
    });
    const filtered = await request(app.server)
      .get('/admin/dlq/messages?source=payments&status=PENDING')
      .set(admin)
      .expect(200);
    expect(filtered.body.items.map((item: { id: string }) => item.id)).toEqual([
      id,
    ]);
    expect(
      await app.get(DeadLetterService).findByMessageId('payments', 'm-1'),
    ).toMatchObject({ id, payload: PAYLOAD });

    const shown = await show(app, id).expect(200);
    expect(shown.body.payload).toEqual({
      amount: 10,
      card: { cardNumber: '***' },
      customer: { email: '***@example.com', note: 'call ***67' },
      token: '***',
    });
    expect(shown.body.headers).toEqual({
      Authorization: '***',
      'x-tenant': 't-1',
    });
    expect(shown.body.error.message).toBe(
      'refused for ***@example.com with token=***',
    );

    await request(app.server)
      .post(`/admin/dlq/messages/${id}/replay`)
      .set(admin)
      .expect(200);
    const [delivered] = stub.requests('POST', '/pay');
    expect(delivered!.body).toEqual(PAYLOAD);
    expect(delivered!.headers.authorization).toBe('Bearer real-bearer-token');
    expect(delivered!.headers['x-tenant']).toBe('t-1');
  });

  it('seals the error of a failed replay and of a reopened entry too', async () => {
    stub.on('POST', '/pay').reply({ status: 503 });
    const app = await start([k1]);
    const id = await deadLetter(app, 'm-2');
    await request(app.server)
      .post(`/admin/dlq/messages/${id}/replay`)
      .set(admin)
      .expect(200);
    const failed = await rawRow(id);
    expect(failed.retry_count).toBe(1);
    expect(keyIdsOf(failed)).toEqual(['k1', 'k1', 'k1']);
    await app.get(DeadLetterService).deadLetter({
      source: 'payments',
      destination: `${stub.url}/pay`,
      messageId: 'm-2',
      payload: PAYLOAD,
      error: new Error(`again for ada@example.com`),
    });
    const row = await rawRow(id);
    expect(JSON.stringify(row)).not.toContain('ada@example.com');
    expect(keyIdsOf(row)).toEqual(['k1', 'k1', 'k1']);
    const shown = await show(app, id).expect(200);
    expect(shown.body.error.message).toBe('again for ***@example.com');
  });

  it('reads entries written before encryption and re-encrypts them', async () => {
    const plain = await start([]);
    expect(
      plain.logger.find('stored in plaintext').map((line) => line.level),
    ).toEqual(['warn']);
    const before = await deadLetter(plain, 'm-3');
    expect(keyIdsOf(await rawRow(before))).toEqual(['plain', 'plain', 'plain']);
    expect(JSON.stringify(await rawRow(before))).toContain('4111111111111111');

    const app = await start([k1]);
    expect(app.logger.find('stored in plaintext')).toEqual([]);
    expect((await show(app, before).expect(200)).body.payload.card).toEqual({
      cardNumber: '***',
    });
    const after = await deadLetter(app, 'm-4');
    const version = (await rawRow(before)).version;

    const report = await app.get(DeadLetterMaintenanceService).reEncrypt();
    expect(report).toEqual({
      keyId: 'k1',
      rewritten: 1,
      skipped: 0,
      unreadableIds: [],
    });
    const rows = await rawRows();
    for (const secret of SECRETS)
      expect(JSON.stringify(rows)).not.toContain(secret);
    expect(rows.map(keyIdsOf)).toEqual([
      ['k1', 'k1', 'k1'],
      ['k1', 'k1', 'k1'],
    ]);
    // Re-encryption is no change of the entry: a replay holding its version still wins.
    expect((await rawRow(before)).version).toBe(version);
    expect(await app.get(DeadLetterMaintenanceService).reEncrypt()).toEqual({
      keyId: 'k1',
      rewritten: 0,
      skipped: 0,
      unreadableIds: [],
    });
    for (const id of [before, after]) {
      await request(app.server)
        .post(`/admin/dlq/messages/${id}/replay`)
        .set(admin)
        .expect(200);
    }
    expect(stub.requests('POST', '/pay').map((r) => r.body)).toEqual([
      PAYLOAD,
      PAYLOAD,
    ]);
  });

  it('re-encrypts older entries in the background at boot with reEncryptOnBoot', async () => {
    const first = await start([k1]);
    const old = await deadLetter(first, 'm-7');
    const app = await start([k2, k1], { reEncryptOnBoot: true });
    const deadline = Date.now() + 10_000;
    while (keyIdsOf(await rawRow(old))[0] !== 'k2' && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(keyIdsOf(await rawRow(old))).toEqual(['k2', 'k2', 'k2']);
    expect(
      app.logger.find('Re-encrypted 1 dead letters under key "k2"'),
    ).toHaveLength(1);
  });

  it('rotates keys: old entries stay readable, new ones take the new key, then all move to it', async () => {
    const first = await start([k1]);
    const old = await deadLetter(first, 'm-5');

    const rotated = await start([k2, k1]);
    const fresh = await deadLetter(rotated, 'm-6');
    expect(keyIdsOf(await rawRow(old))).toEqual(['k1', 'k1', 'k1']);
    expect(keyIdsOf(await rawRow(fresh))).toEqual(['k2', 'k2', 'k2']);
    for (const id of [old, fresh]) {
      expect((await show(rotated, id).expect(200)).body.payload.amount).toBe(
        10,
      );
    }
    expect(
      await rotated.get(DeadLetterMaintenanceService).reEncrypt(),
    ).toMatchObject({ keyId: 'k2', rewritten: 1 });
    expect((await rawRows()).map(keyIdsOf)).toEqual([
      ['k2', 'k2', 'k2'],
      ['k2', 'k2', 'k2'],
    ]);

    const retired = await start([k2]);
    await request(retired.server)
      .post(`/admin/dlq/messages/${old}/replay`)
      .set(admin)
      .expect(200);
    expect(stub.requests('POST', '/pay')[0]!.body).toEqual(PAYLOAD);

    // A key dropped before its entries moved: refused in the error envelope, never shown.
    const lost = await start([k3]);
    const refused = await show(lost, fresh).expect(500);
    expect(refused.headers['content-type']).toContain(
      'application/problem+json',
    );
    expect(refused.body.code).toBe('INTERNAL');
    expect(JSON.stringify(refused.body)).not.toContain('enc:v1');
    expect(
      await lost.get(DeadLetterMaintenanceService).reEncrypt(),
    ).toMatchObject({ rewritten: 0, unreadableIds: [old, fresh].sort() });
  });
});

describe('DLQ_ENCRYPTION_KEY in the application', () => {
  const saved = { ...process.env };
  let database: TestDatabase;

  beforeEach(async () => {
    database = await createTestDatabase('postgres');
  });
  afterEach(async () => {
    process.env = saved;
    await database?.drop();
  });

  it('encrypts what the application dead-letters, from the environment', async () => {
    process.env = {
      ...saved,
      ...database.env,
      NODE_ENV: 'test',
      DLQ_ENCRYPTION_KEY: `app1:${randomBytes(32).toString('base64')}`,
    };
    const app = await startTestApp(AppModule);
    try {
      const entry = await app.get(DeadLetterService).deadLetter({
        source: 'wiring',
        destination: 'http://127.0.0.1:9/x',
        payload: { email: 'ada@example.com' },
        error: new Error('boom'),
      });
      const [row] = await app
        .get<DataSource>(getDataSourceToken())
        .query(
          `SELECT * FROM "${database.env.DATABASE_SCHEMA}".dead_letters WHERE id = $1`,
          [entry.id],
        );
      expect(JSON.stringify(row)).not.toContain('ada@example.com');
      expect(keyIdsOf(row)).toEqual(['app1', 'app1', 'app1']);
      expect(entry.payload).toEqual({ email: 'ada@example.com' });
    } finally {
      await app.close();
    }
  });

  it('refuses to start in production without it, naming it', async () => {
    const { DLQ_ENCRYPTION_KEY: _unset, ...rest } = saved;
    process.env = {
      ...rest,
      ...database.env,
      NODE_ENV: 'production',
      ADMIN_TOKEN: 'production-admin-token-0123456789',
    };
    await expect(startTestApp(AppModule)).rejects.toThrow(/DLQ_ENCRYPTION_KEY/);
  });
});
