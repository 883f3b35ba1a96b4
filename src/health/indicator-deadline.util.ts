import type {
  HealthIndicatorResult,
  HealthIndicatorService,
} from '@nestjs/terminus';

/** One check of a health route. */
export interface BoundedIndicator {
  /** Key of the indicator in the result. */
  key: string;
  /** The indicator itself. */
  check: () => HealthIndicatorResult | Promise<HealthIndicatorResult>;
  /**
   * Whether no answer (or a throw) makes the check `down`, failing the route with 503, rather
   * than `degraded`. @default false
   */
  critical?: boolean;
}

/**
 * Runs `indicator` with a deadline: past `timeoutMs`, or when it throws, its result is `down`
 * (critical) or `degraded` with a message saying why, so no indicator can hold a health route
 * longer than the deadline. The work it started is left to its own timeouts. Every result gets
 * a `responseTime` (ms) when the indicator did not give one.
 */
export async function withDeadline(
  health: HealthIndicatorService,
  indicator: BoundedIndicator,
  timeoutMs: number,
): Promise<HealthIndicatorResult> {
  const { key, critical = false } = indicator;
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<string>((resolve) => {
    timer = setTimeout(
      () => resolve(`no answer within ${timeoutMs} ms`),
      timeoutMs,
    );
  });
  const outcome = await Promise.race([
    Promise.resolve()
      .then(indicator.check)
      .catch((error: unknown) =>
        error instanceof Error ? error.message : String(error),
      ),
    deadline,
  ]).finally(() => clearTimeout(timer));
  const responseTime = Math.round(performance.now() - started);
  if (typeof outcome === 'string') {
    const session = health.check(key);
    const data = { message: outcome, responseTime };
    return critical ? session.down(data) : session.degraded(data);
  }
  const detail = outcome[key];
  if (detail !== undefined && !('responseTime' in detail)) {
    return { ...outcome, [key]: { ...detail, responseTime } };
  }
  return outcome;
}
