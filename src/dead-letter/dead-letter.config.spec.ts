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
      extraSensitiveKeys: [],
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

  it('stops the start with a message naming every invalid variable', () => {
    expect(() =>
      parseDeadLetterSettings({
        ALERT_WEBHOOK_URL: 'ftp://x',
        ALERT_WEBHOOK_FORMAT: 'teams',
        DLQ_RETENTION_DAYS: '0',
      }),
    ).toThrow(
      /ALERT_WEBHOOK_URL[\s\S]*ALERT_WEBHOOK_FORMAT[\s\S]*DLQ_RETENTION_DAYS/,
    );
  });
});
