import type { ClassificationRule } from '../classification/error-classification.interface.js';
import type { ResolvedResilienceSettings } from '../config/resilience-settings.interface.js';
import type { ErrorLogStore } from '../error-log/error-log.store.js';
import type { ResilienceFilterOptions } from '../filters/resilience-filter-options.interface.js';
import type { UnhandledEventErrorHandler } from '../filters/unhandled-event-error.handler.js';

/** Options of `ResilienceModule.forRoot()` / `forRootAsync()`. */
export interface ResilienceModuleOptions {
  /**
   * Per-service configuration, usually the `resilience` namespace of `@nestjs/config`
   * (`resilienceConfig`), which reads `RESILIENCE_CONFIG_FILE` and the environment, or
   * `loadResilienceSettings({ file })`.
   * @default the built-in defaults and no named services
   */
  settings?: ResolvedResilienceSettings;
  /** Application rules, tried before the built-in ones. @default [] */
  classificationRules?: ClassificationRule[];
  /**
   * Bearer tokens of the `/admin` routes: `token` may read and act, `readonlyToken` may only
   * read. Without them every admin request is refused.
   */
  admin?: { token?: string; readonlyToken?: string };
  /** How errors are rendered: production safety, debug member, request timeout, languages. */
  errors?: Partial<ResilienceFilterOptions>;
  /** Where HIGH and CRITICAL errors are recorded. @default an `InMemoryErrorLogStore` */
  errorLog?: ErrorLogStore;
  /**
   * Receives the failures of `@EventPattern` handlers, which have nobody to answer to (the
   * messaging module dead-letters them). @default log only
   */
  unhandledEventHandler?: UnhandledEventErrorHandler;
}
