/**
 * The longest any one health indicator may take before it is reported as not answering
 * (`down` when critical, `degraded` otherwise). Indicators run in parallel, so readiness and
 * `/health` answer in about this long whatever hangs: well within a 1.5 s probe budget.
 */
export const HEALTH_INDICATOR_TIMEOUT_MS = 1_000;
