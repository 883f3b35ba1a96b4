import type { AlertOptions } from './alert-options.interface.js';

/**
 * Injection token of the {@link AlertOptions} the `AlertService` uses. `DeadLetterModule`
 * provides the service; elsewhere provide this token, `AlertWebhookClient` and `AlertService`.
 */
export const ALERT_OPTIONS = Symbol('RESILIENCE:ALERT_OPTIONS');

/** Resilience service (from the configuration) guarding webhook posts. */
export const ALERT_WEBHOOK_SERVICE = 'alert-webhook';

/** Every alert default, defined once. */
export const ALERT_DEFAULTS: Required<Omit<AlertOptions, 'webhookUrl'>> = {
  format: 'json',
  dedupeWindowMs: 300_000,
  maxPerMinute: 20,
  digestIntervalMs: 60_000,
};
