import { FEATURE_TOGGLE_METADATA } from './feature-toggle.constants.js';
import type { FeatureToggleMetadata } from './feature-toggle.interface.js';

/**
 * What `@FeatureToggle()` recorded on a method, given the method function itself
 * (`context.getHandler()` in an interceptor or guard).
 */
export function getFeatureToggleMetadata(
  method: Function,
): FeatureToggleMetadata | undefined {
  return Reflect.getMetadata(FEATURE_TOGGLE_METADATA, method) as
    FeatureToggleMetadata | undefined;
}
