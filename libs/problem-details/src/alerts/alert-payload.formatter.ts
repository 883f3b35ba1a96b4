import { ErrorSeverity } from '@nest-resilience/resilience';
import type { AlertFormat } from './alert-options.interface.js';
import type { Alert } from './alert.interface.js';

/** One webhook post: a single alert sent at once, or a digest of several. */
export interface AlertPost {
  kind: 'alert' | 'digest';
  alerts: readonly Alert[];
  /** Same-key alerts suppressed since the previous post of this key (single alerts only). */
  suppressed?: number;
}

const COLORS: Record<ErrorSeverity, string> = {
  [ErrorSeverity.CRITICAL]: '#d00000',
  [ErrorSeverity.HIGH]: '#e07000',
  [ErrorSeverity.MEDIUM]: '#e0c000',
  [ErrorSeverity.LOW]: '#808080',
};

function plain(alert: Alert) {
  return {
    key: alert.key,
    severity: alert.severity,
    title: alert.title,
    message: alert.message,
    details: alert.details ?? {},
    occurredAt: (alert.occurredAt ?? new Date()).toISOString(),
  };
}

function slackAttachment(alert: Alert) {
  return {
    color: COLORS[alert.severity],
    title: `[${alert.severity}] ${alert.title}`,
    text: alert.message,
    fields: Object.entries(alert.details ?? {}).map(([title, value]) => ({
      title,
      value: typeof value === 'string' ? value : JSON.stringify(value),
      short: true,
    })),
    ts: Math.floor((alert.occurredAt ?? new Date()).getTime() / 1000),
  };
}

/**
 * The body of a webhook post. `json`: `{ type, ...alert }` for one alert,
 * `{ type: 'digest', count, alerts }` for a digest. `slack`: Slack's incoming-webhook shape,
 * `{ text, attachments }`, one attachment per alert.
 */
export function formatAlertPost(post: AlertPost, format: AlertFormat): unknown {
  if (format === 'slack') {
    const text =
      post.kind === 'digest'
        ? `${post.alerts.length} alert(s) in the last period`
        : `[${post.alerts[0].severity}] ${post.alerts[0].title}` +
          (post.suppressed ? ` (${post.suppressed} similar suppressed)` : '');
    return { text, attachments: post.alerts.map(slackAttachment) };
  }
  if (post.kind === 'digest') {
    return {
      type: 'digest',
      count: post.alerts.length,
      alerts: post.alerts.map(plain),
    };
  }
  return {
    type: 'alert',
    ...plain(post.alerts[0]),
    suppressed: post.suppressed ?? 0,
  };
}
