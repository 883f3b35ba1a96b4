import type { ClassificationRule } from '../classification/error-classification.interface.js';
import type { ResolvedResilienceSettings } from '../config/resilience-settings.interface.js';

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
}
