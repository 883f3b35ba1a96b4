import {
  InvalidFeatureToggleChangeError,
  type FeatureToggleChangeProblem,
} from './invalid-feature-toggle-change.error.js';

/** The body of `PUT /admin/features/:name`. */
export interface FeatureToggleChangeBody {
  enabled: boolean;
}

/**
 * Reads `{ "enabled": true | false }`; nothing else is accepted, so a typo cannot pass for a
 * change.
 * @throws InvalidFeatureToggleChangeError naming each invalid member
 */
export function parseFeatureToggleChange(
  body: unknown,
): FeatureToggleChangeBody {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new InvalidFeatureToggleChangeError([
      { pointer: '', message: 'must be an object { "enabled": true | false }' },
    ]);
  }
  const problems: FeatureToggleChangeProblem[] = [];
  const { enabled } = body as { enabled?: unknown };
  if (typeof enabled !== 'boolean') {
    problems.push({ pointer: '/enabled', message: 'must be true or false' });
  }
  for (const key of Object.keys(body)) {
    if (key !== 'enabled') {
      problems.push({
        pointer: `/${key.replaceAll('~', '~0').replaceAll('/', '~1')}`,
        message: 'unknown member (allowed: enabled)',
      });
    }
  }
  if (problems.length > 0) throw new InvalidFeatureToggleChangeError(problems);
  return { enabled: enabled as boolean };
}
