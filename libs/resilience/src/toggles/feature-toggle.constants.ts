/** Metadata key under which `@FeatureToggle()` records a method's toggle. */
export const FEATURE_TOGGLE_METADATA = 'RESILIENCE:FEATURE_TOGGLE';

/**
 * Response header of a route that answered from its fallback because its feature is disabled;
 * its value is the feature's name.
 */
export const FEATURE_DISABLED_HEADER = 'X-Feature-Disabled';
