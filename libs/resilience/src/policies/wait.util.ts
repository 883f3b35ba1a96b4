/**
 * Resolves no sooner than `delayMs` from now, by the monotonic clock (`performance.now()`).
 *
 * Node fires a timer on whole milliseconds counted from the event loop's own notion of now, so a
 * plain `setTimeout(resolve, 1000)` can wake a fraction of a millisecond early. A wait a server
 * asked for (`Retry-After`) must not be cut short, so this one sleeps again for what is left.
 * The timer is not `unref`ed: a call waiting to retry is work in progress.
 *
 * @param delayMs how long to wait; `0` or less resolves on the next timer turn
 */
export function waitAtLeast(delayMs: number): Promise<void> {
  const until = performance.now() + delayMs;
  return new Promise((resolve) => {
    const wake = (): void => {
      const leftMs = until - performance.now();
      if (leftMs <= 0) resolve();
      else setTimeout(wake, Math.ceil(leftMs));
    };
    setTimeout(wake, Math.max(0, Math.ceil(delayMs)));
  });
}
