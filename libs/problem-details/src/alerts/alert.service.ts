import {
  Inject,
  Injectable,
  Logger,
  type OnModuleDestroy,
} from '@nestjs/common';
import { ErrorSeverity } from '@nest-resilience/resilience';
import type { AlertOptions } from './alert-options.interface.js';
import type { Alert } from './alert.interface.js';
import { ALERT_DEFAULTS, ALERT_OPTIONS } from './alert.constants.js';
import { formatAlertPost, type AlertPost } from './alert-payload.formatter.js';
import { AlertThrottle } from './alert.throttle.js';
import { AlertWebhookClient } from './alert-webhook.client.js';

/**
 * Raises alerts, routed by severity:
 * - CRITICAL: posted to the webhook at once;
 * - HIGH: collected and posted as one digest every `digestIntervalMs`;
 * - MEDIUM and LOW: only logged.
 *
 * Every alert is logged once. Posts are de-duplicated by key within `dedupeWindowMs` and
 * limited to `maxPerMinute`; without a webhook URL nothing is posted. Sending never throws into
 * the caller: a failed post (after the `alert-webhook` retry and breaker) is logged.
 */
@Injectable()
export class AlertService implements OnModuleDestroy {
  private readonly logger = new Logger('Alerts');
  private readonly options: Required<Omit<AlertOptions, 'webhookUrl'>> &
    Pick<AlertOptions, 'webhookUrl'>;
  private readonly throttle: AlertThrottle;
  private readonly digest = new Map<string, Alert>();
  private readonly inFlight = new Set<Promise<void>>();
  private digestTimer?: NodeJS.Timeout;

  constructor(
    @Inject(ALERT_OPTIONS) options: AlertOptions,
    private readonly client: AlertWebhookClient,
  ) {
    this.options = { ...ALERT_DEFAULTS, ...options };
    this.throttle = new AlertThrottle(
      this.options.dedupeWindowMs,
      this.options.maxPerMinute,
    );
  }

  /** Logs the alert and, by its severity, posts it now, in the next digest, or not at all. */
  raise(alert: Alert): void {
    const stamped = { ...alert, occurredAt: alert.occurredAt ?? new Date() };
    const line = `[${stamped.severity}] ${stamped.key}: ${stamped.title} - ${stamped.message}`;
    if (stamped.severity === ErrorSeverity.CRITICAL) this.logger.error(line);
    else if (stamped.severity === ErrorSeverity.HIGH) this.logger.warn(line);
    else this.logger.log(line);
    if (!this.options.webhookUrl) return;
    if (stamped.severity === ErrorSeverity.CRITICAL) {
      this.sendNow(stamped);
    } else if (stamped.severity === ErrorSeverity.HIGH) {
      // Same key within one digest: the newest wins, so a storm is one line of the summary.
      this.digest.set(stamped.key, stamped);
      this.digestTimer ??= setTimeout(
        () => this.flushDigest(),
        this.options.digestIntervalMs,
      ).unref();
    }
  }

  /** Posts the collected HIGH alerts now, as one digest. */
  flushDigest(): Promise<void> {
    clearTimeout(this.digestTimer);
    this.digestTimer = undefined;
    if (this.digest.size === 0 || !this.options.webhookUrl)
      return Promise.resolve();
    const alerts = [...this.digest.values()];
    this.digest.clear();
    const admission = this.throttle.admit(
      `digest:${alerts
        .map((a) => a.key)
        .sort()
        .join(',')}`,
    );
    if (!admission.send) {
      this.logger.debug(
        `Digest of ${alerts.length} alert(s) not posted: ${admission.reason}`,
      );
      return Promise.resolve();
    }
    return this.post({ kind: 'digest', alerts });
  }

  /** Resolves once every post started so far has settled (tests, shutdown). */
  async drain(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled(this.inFlight);
  }

  onModuleDestroy(): void {
    clearTimeout(this.digestTimer);
    if (this.digest.size > 0) {
      this.logger.warn(
        `${this.digest.size} HIGH alert(s) were not posted before shutdown`,
      );
    }
  }

  private sendNow(alert: Alert): void {
    const admission = this.throttle.admit(alert.key);
    if (!admission.send) {
      this.logger.debug(`Alert ${alert.key} not posted: ${admission.reason}`);
      return;
    }
    void this.post({
      kind: 'alert',
      alerts: [alert],
      suppressed: admission.suppressed,
    });
  }

  private post(post: AlertPost): Promise<void> {
    const body = formatAlertPost(post, this.options.format);
    const sending = this.client
      .post(this.options.webhookUrl!, body)
      .catch((error: unknown) => {
        this.logger.error(
          `Alert webhook post failed (${post.alerts.map((a) => a.key).join(', ')}): ${describe(error)}`,
        );
      })
      .finally(() => this.inFlight.delete(sending));
    this.inFlight.add(sending);
    return sending;
  }
}

function describe(error: unknown): string {
  return error instanceof Error
    ? `${error.name}: ${error.message}`
    : String(error);
}
