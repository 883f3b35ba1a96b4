import type { ClassificationRule } from '../classification/error-classification.interface.js';
import type { ResolvedResilienceSettings } from '../config/resilience-settings.interface.js';
import type { AdminAuditStore } from '../admin/admin-audit.store.js';
import type { AdminTokenSpec } from '../admin/admin-principal.interface.js';
import type { FeatureToggleStore } from '../toggles/feature-toggle.store.js';

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
   * Bearer tokens of the `/admin` routes and their audit log. `token` may read and act and is
   * recorded as the actor `admin`; `readonlyToken` may only read and is recorded as `readonly`;
   * each of `tokens` is recorded under its own name. Without any token every admin request is
   * refused. `auditStore` keeps the audit log.
   * @default no tokens; `auditStore`: an `InMemoryAdminAuditStore` of 1000 entries
   */
  admin?: {
    token?: string;
    readonlyToken?: string;
    tokens?: AdminTokenSpec[];
    auditStore?: AdminAuditStore;
  };
  /**
   * Feature toggles (declared under `features` in the configuration). `store` keeps the
   * runtime changes and carries them to every instance: give a shared one (Redis) when the
   * application runs more than one instance.
   * @default `store`: an `InMemoryFeatureToggleStore` (this process only)
   */
  features?: {
    store?: FeatureToggleStore;
  };
}
