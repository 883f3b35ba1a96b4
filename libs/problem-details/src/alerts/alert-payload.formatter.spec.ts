import { ErrorSeverity } from '@nest-resilience/resilience';
import { formatAlertPost } from './alert-payload.formatter.js';
import type { Alert } from './alert.interface.js';

const at = new Date('2026-01-02T03:04:05Z');
const critical: Alert = {
  key: 'dlq-full',
  severity: ErrorSeverity.CRITICAL,
  title: 'Dead letter queue is full',
  message: '10 unresolved entries',
  details: { open: 10 },
  occurredAt: at,
};
const high: Alert = {
  ...critical,
  key: 'dlq-threshold',
  severity: ErrorSeverity.HIGH,
  title: 'Growing',
};

describe('formatAlertPost', () => {
  it('posts one alert as plain JSON', () => {
    expect(
      formatAlertPost(
        { kind: 'alert', alerts: [critical], suppressed: 2 },
        'json',
      ),
    ).toEqual({
      type: 'alert',
      key: 'dlq-full',
      severity: 'CRITICAL',
      title: 'Dead letter queue is full',
      message: '10 unresolved entries',
      details: { open: 10 },
      occurredAt: '2026-01-02T03:04:05.000Z',
      suppressed: 2,
    });
  });

  it('posts a digest as plain JSON with every alert', () => {
    const body = formatAlertPost(
      { kind: 'digest', alerts: [high, critical] },
      'json',
    ) as {
      type: string;
      count: number;
      alerts: { key: string }[];
    };
    expect(body.type).toBe('digest');
    expect(body.count).toBe(2);
    expect(body.alerts.map((a) => a.key)).toEqual([
      'dlq-threshold',
      'dlq-full',
    ]);
  });

  it("speaks Slack's incoming-webhook format: text plus one attachment per alert", () => {
    expect(
      formatAlertPost(
        { kind: 'alert', alerts: [critical], suppressed: 1 },
        'slack',
      ),
    ).toEqual({
      text: '[CRITICAL] Dead letter queue is full (1 similar suppressed)',
      attachments: [
        {
          color: '#d00000',
          title: '[CRITICAL] Dead letter queue is full',
          text: '10 unresolved entries',
          fields: [{ title: 'open', value: '10', short: true }],
          ts: Math.floor(at.getTime() / 1000),
        },
      ],
    });
    const digest = formatAlertPost(
      { kind: 'digest', alerts: [high, high] },
      'slack',
    ) as {
      text: string;
      attachments: unknown[];
    };
    expect(digest.text).toBe('2 alert(s) in the last period');
    expect(digest.attachments).toHaveLength(2);
  });
});
