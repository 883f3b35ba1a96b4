/** Body format of the alert webhook. */
export type AlertFormat = 'json' | 'slack';

/**
 * Settings of the {@link AlertService}, provided under `ALERT_OPTIONS` (the dead letter module
 * provides them from its `alerts` option).
 */
export interface AlertOptions {
  /** Where alerts are POSTed (`ALERT_WEBHOOK_URL`). Unset: alerts are only logged. */
  webhookUrl?: string;
  /** `json` (plain) or `slack` (incoming-webhook `{ text, attachments }`). @default 'json' */
  format?: AlertFormat;
  /** An alert with the same key within this window is not sent again. @default 300000 */
  dedupeWindowMs?: number;
  /** Webhook posts per rolling minute; beyond it alerts are only logged. @default 20 */
  maxPerMinute?: number;
  /** How often HIGH alerts are summarised in one digest post. @default 60000 */
  digestIntervalMs?: number;
}
