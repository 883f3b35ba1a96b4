/** Delay-seconds form of `Retry-After` (RFC 9110 §10.2.3): digits only. */
const DELAY_SECONDS = /^\d+$/;
/**
 * Every HTTP-date form (IMF-fixdate, RFC 850, asctime) starts with a day name; requiring it keeps
 * `Date.parse`, which reads almost anything (`"1.5"` is a date to V8), from inventing a time.
 */
const HTTP_DATE = /^[A-Za-z]{3,9},? /;

/**
 * The longest wait a `Retry-After` is read as: 24 hours. A server asking for more is saying
 * "not today", which this wait still says; beyond it a value is more likely a clock or unit
 * mistake than a plan, and a day stays well inside what Node timers can hold (about 24.8 days),
 * so no consumer of `retryAfterMs` can overflow a `setTimeout` into firing at once.
 */
export const MAX_RETRY_AFTER_MS = 24 * 60 * 60 * 1000;

/**
 * Turns a `Retry-After` header value into milliseconds from now.
 *
 * Accepts both forms the RFC allows: delay-seconds (`"120"`) and an HTTP date
 * (`"Wed, 21 Oct 2026 07:28:00 GMT"`). A date in the past means "now" (0). A wait longer than
 * {@link MAX_RETRY_AFTER_MS} is clamped to it (it still means "not now"). Anything else,
 * including an array of values, a fraction or a negative number, is ignored (`undefined`), so a
 * broken header never turns into a bogus wait.
 *
 * @param value the raw header value, as an HTTP client hands it over
 * @param nowMs current time, for the date form
 */
export function parseRetryAfterMs(
  value: unknown,
  nowMs: number = Date.now(),
): number | undefined {
  const text = typeof value === 'number' ? String(value) : value;
  if (typeof text !== 'string') return undefined;
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  if (DELAY_SECONDS.test(trimmed)) {
    // Any run of digits is a valid delay; one too long for a number is simply "very long".
    const ms = Number(trimmed) * 1000;
    return Math.min(ms, MAX_RETRY_AFTER_MS);
  }
  if (!HTTP_DATE.test(trimmed)) return undefined;
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return undefined;
  return Math.min(Math.max(0, at - nowMs), MAX_RETRY_AFTER_MS);
}
