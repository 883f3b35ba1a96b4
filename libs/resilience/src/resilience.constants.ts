/** Metadata key under which the resilience decorators record a method's policies. */
export const RESILIENCE_POLICIES_METADATA = 'RESILIENCE:POLICIES';
/** Metadata key of the parameter index that receives the attempt's `AbortSignal`. */
export const ATTEMPT_SIGNAL_METADATA = 'RESILIENCE:ATTEMPT_SIGNAL';
/**
 * Injection token of the resolved per-service configuration (`ResolvedResilienceSettings`):
 * what policies built by hand for a configured service take their settings from.
 */
export const RESILIENCE_SETTINGS = 'RESILIENCE:SETTINGS';
