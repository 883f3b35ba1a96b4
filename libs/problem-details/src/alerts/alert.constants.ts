import type { AlertOptions } from './alert-options.interface.js';

/** Injection token of the {@link AlertOptions} the `AlertService` uses. */
export const ALERT_OPTIONS = Symbol('RESILIENCE:ALERT_OPTIONS');

/** Resilience service (from the configuration) guarding webhook posts. */
export const ALERT_WEBHOOK_SERVICE = 'alert-webhook';

/** Every alert default, defined once. */
export const ALERT_DEFAULTS: Required<Omit<AlertOptions, 'webhookUrl'>> = {
  format: 'json',
  dedupeWindowMs: 300_000,
  maxPerMinute: 20,
  digestIntervalMs: 60_000,
  deadLetterThreshold: 1_000,
};
