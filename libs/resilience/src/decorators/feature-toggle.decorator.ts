import { INTERCEPTORS_METADATA } from '@nestjs/common/constants.js';
import { FEATURE_TOGGLE_METADATA } from '../toggles/feature-toggle.constants.js';
import type {
  FeatureToggleMetadata,
  FeatureToggleOptions,
} from '../toggles/feature-toggle.interface.js';
import { FeatureToggleInterceptor } from '../toggles/feature-toggle.interceptor.js';

/**
 * Puts a method behind a named feature toggle (declared under `features` in the configuration;
 * an unknown name stops the boot). While the feature is disabled the method is not called: its
 * `fallback` answers, marked degraded (`isDegraded(result)`; a route adds the
 * `X-Feature-Disabled` header), or, without one, the call fails with `FeatureDisabledError`
 * (503 `FEATURE_DISABLED`).
 *
 * Works on provider methods (wrapped at boot) and on controller routes and microservice
 * handlers (through `FeatureToggleInterceptor`, which it binds ahead of the method's other
 * interceptors). The toggle comes before every other policy: a disabled feature never reaches
 * the method's retry, breaker or bulkhead.
 *
 * @example
 * ```ts
 * @FeatureToggle('recommendations', { fallback: 'popularProducts' })
 * recommend(customerId: string): Promise<Product[]> { ... }
 * ```
 * @param name the toggle's name
 * @param options `fallback`: a method of the same class, by name, or a function
 */
export function FeatureToggle(
  name: string,
  options: FeatureToggleOptions = {},
): MethodDecorator {
  return (_target, key, descriptor) => {
    const method = descriptor.value as unknown;
    if (typeof method !== 'function') {
      throw new TypeError(
        `@FeatureToggle goes on methods; ${String(key)} is not one`,
      );
    }
    if (Reflect.hasOwnMetadata(FEATURE_TOGGLE_METADATA, method)) {
      throw new TypeError(
        `@FeatureToggle is used once per method; ${String(key)} has two`,
      );
    }
    const metadata: FeatureToggleMetadata = { ...options, name };
    Reflect.defineMetadata(FEATURE_TOGGLE_METADATA, metadata, method);
    // First of the method's interceptors, whichever decorators come before or after this one.
    const interceptors: unknown[] =
      Reflect.getMetadata(INTERCEPTORS_METADATA, method) ?? [];
    Reflect.defineMetadata(
      INTERCEPTORS_METADATA,
      [FeatureToggleInterceptor, ...interceptors],
      method,
    );
    return descriptor;
  };
}
