import { describeOrigin } from '../config/resilience-issue.formatter.js';
import type { ResolvedFeatureToggleSettings } from '../config/resilience-settings.interface.js';

/** One `@FeatureToggle()` found at boot. */
export interface DecoratedFeatureToggle {
  name: string;
  /** `Class.method`. */
  site: string;
}

/**
 * Every toggle mistake that would go unnoticed at run time, one line each:
 *
 * - a `@FeatureToggle()` naming a toggle the configuration does not declare (a typo would
 *   otherwise leave the feature impossible to switch);
 * - a toggle only the user's file declares, or one the user's file or a variable sets, that
 *   nothing in this application uses: neither a `@FeatureToggle()` nor `FeatureToggles.use()`.
 *
 * Toggles the application's own (base) file declares and sets are never reported unused: that
 * file describes every way the application can be wired.
 */
export function featureToggleUseProblems(
  features: Readonly<Record<string, ResolvedFeatureToggleSettings>>,
  decorated: readonly DecoratedFeatureToggle[],
  used: ReadonlyMap<string, readonly string[]>,
): string[] {
  const declared = Object.keys(features);
  const known = declared.join(', ') || 'none';
  const problems: string[] = [];
  for (const { name, site } of decorated) {
    if (!Object.hasOwn(features, name)) {
      problems.push(
        `@FeatureToggle('${name}') on ${site}: no feature "${name}" under features in the ` +
          `configuration (declared: ${known}); declare it or correct the name`,
      );
    }
  }
  const usedNames = new Set([
    ...decorated.map(({ name }) => name),
    ...used.keys(),
  ]);
  for (const [name, settings] of Object.entries(features)) {
    if (usedNames.has(name)) continue;
    const origin = settings.enabledOrigin;
    if (!settings.declaredInBase) {
      problems.push(
        `features.${name} (in ${settings.declaredIn.join(', ')}): unknown feature: nothing in ` +
          `this application uses it (no @FeatureToggle('${name}') nor FeatureToggles.use); ` +
          `remove it or correct the name`,
      );
    } else if (origin !== undefined && origin.layer !== 'base') {
      problems.push(
        `features.${name}.enabled is set (${describeOrigin(origin)}) but nothing in this ` +
          `application uses the feature as it is wired now; remove the setting`,
      );
    }
  }
  return problems;
}
