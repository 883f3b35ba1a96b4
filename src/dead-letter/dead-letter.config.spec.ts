import { randomBytes } from 'node:crypto';
import { parseDeadLetterSettings } from './dead-letter.config.js';

describe('parseDeadLetterSettings', () => {
  it('logs alerts only and keeps the defaults when nothing is set', () => {
    expect(parseDeadLetterSettings({})).toEqual({
      alertWebhookFormat: 'json',
      maxSize: 100_000,
      retentionDays: 30,
      alertThreshold: 1_000,
      replayRatePerSecond: 50,
      replayMaxRatePerSecond: 1_000,
      replayConfirmTimeoutMs: 600_000,
      replayHeartbeatMs: 5_000,
      replayLeaseMs: 30_000,
      replayTakeoverIntervalMs: 10_000,
      extraSensitiveKeys: [],
      encryptionKeys: [],
    });
  });

  it('reads the webhook, its format, the limits and extra sensitive keys', () => {
    expect(
      parseDeadLetterSettings({
        ALERT_WEBHOOK_URL: 'http://127.0.0.1:9000/hooks/alerts',
        ALERT_WEBHOOK_FORMAT: 'slack',
        DLQ_MAX_SIZE: '0',
        DLQ_SENSITIVE_KEYS: 'taxId, iban ,',
      }),
    ).toMatchObject({
      alertWebhookUrl: 'http://127.0.0.1:9000/hooks/alerts',
      alertWebhookFormat: 'slack',
      maxSize: 0,
      extraSensitiveKeys: ['taxId', 'iban'],
    });
  });

  it('reads the encryption keys, the current one first', () => {
    const current = randomBytes(32);
    const old = randomBytes(32);
    const settings = parseDeadLetterSettings({
      NODE_ENV: 'production',
      DLQ_ENCRYPTION_KEY: `k2:${current.toString('base64')},k1:${old.toString('base64')}`,
    });
    expect(settings.encryptionKeys.map((key) => key.id)).toEqual(['k2', 'k1']);
    expect(Buffer.from(settings.encryptionKeys[0]!.key).equals(current)).toBe(
      true,
    );
  });

  it('refuses to start in production without an encryption key', () => {
    for (const value of [undefined, '', '  ']) {
      expect(() =>
        parseDeadLetterSettings({
          NODE_ENV: 'production',
          DLQ_ENCRYPTION_KEY: value,
        }),
      ).toThrow(/DLQ_ENCRYPTION_KEY: required in production/);
    }
    expect(
      parseDeadLetterSettings({ NODE_ENV: 'development' }).encryptionKeys,
    ).toEqual([]);
  });

  it('names DLQ_ENCRYPTION_KEY, never its value, for a key that is not 32 bytes', () => {
    const short = randomBytes(16).toString('base64');
    let message = '';
    try {
      parseDeadLetterSettings({ DLQ_ENCRYPTION_KEY: `k1:${short}` });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain(
      'DLQ_ENCRYPTION_KEY: key "k1": must be 32 bytes in base64',
    );
    expect(message).not.toContain(short);
  });

  it('stops the start with a message naming every invalid variable', () => {
    expect(() =>
      parseDeadLetterSettings({
        ALERT_WEBHOOK_URL: 'ftp://x',
        ALERT_WEBHOOK_FORMAT: 'teams',
        DLQ_RETENTION_DAYS: '0',
        DLQ_ENCRYPTION_KEY: 'not-a-key',
      }),
    ).toThrow(
      /ALERT_WEBHOOK_URL[\s\S]*ALERT_WEBHOOK_FORMAT[\s\S]*DLQ_RETENTION_DAYS[\s\S]*DLQ_ENCRYPTION_KEY/,
    );
  });

  it('reads the replay timings, and refuses a lease shorter than two heartbeats', () => {
    expect(
      parseDeadLetterSettings({
        DLQ_REPLAY_CONFIRM_TIMEOUT_MS: '0',
        DLQ_REPLAY_HEARTBEAT_MS: '1000',
        DLQ_REPLAY_LEASE_MS: '2000',
        DLQ_REPLAY_TAKEOVER_INTERVAL_MS: '0',
      }),
    ).toMatchObject({
      replayConfirmTimeoutMs: 0,
      replayHeartbeatMs: 1_000,
      replayLeaseMs: 2_000,
      replayTakeoverIntervalMs: 0,
    });
    expect(() =>
      parseDeadLetterSettings({
        DLQ_REPLAY_HEARTBEAT_MS: '5000',
        DLQ_REPLAY_LEASE_MS: '6000',
      }),
    ).toThrow(/DLQ_REPLAY_LEASE_MS: must be at least twice/);
    for (const [name, value] of [
      ['DLQ_REPLAY_CONFIRM_TIMEOUT_MS', '-1'],
      ['DLQ_REPLAY_HEARTBEAT_MS', '50'],
      ['DLQ_REPLAY_TAKEOVER_INTERVAL_MS', '1.5'],
    ]) {
      expect(() => parseDeadLetterSettings({ [name!]: value })).toThrow(
        new RegExp(name!),
      );
    }
  });
});
