import { z } from 'zod';

const FEATURE_NAME_RULE =
  'feature names must be kebab-case (lower-case letters and digits in words joined by single ' +
  'hyphens, starting with a letter)';

/** A feature name: kebab-case, so it maps one to one onto a `FEATURE__<NAME>` variable. */
export const featureNameSchema = z
  .string()
  .regex(/^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/, { error: FEATURE_NAME_RULE });

const TOGGLE_KEYS = 'enabled, description';

/** One feature toggle as a file declares it; see `FeatureToggleSettings`. */
export const featureToggleSettingsSchema = z.strictObject(
  {
    enabled: z.boolean({ error: 'must be true or false' }).optional(),
    description: z
      .string({ error: 'must be a text of 1 to 500 characters' })
      .trim()
      .min(1, { error: 'must be a text of 1 to 500 characters' })
      .max(500, { error: 'must be a text of 1 to 500 characters' })
      .optional(),
  },
  {
    error: (issue) =>
      issue.code === 'unrecognized_keys'
        ? `unknown key (allowed: ${TOGGLE_KEYS})`
        : `must be a mapping of feature toggle settings (${TOGGLE_KEYS})`,
  },
);

/**
 * The `features` section of a configuration file: each named toggle, with its settings. An
 * empty entry (`recommendations:` with nothing under it) declares the toggle, on.
 */
export const featureTogglesSchema = z.record(
  featureNameSchema,
  featureToggleSettingsSchema.nullable(),
  { error: 'must be a mapping from feature name to its settings' },
);

/** A validated `features` section. */
export type FeatureTogglesFile = z.infer<typeof featureTogglesSchema>;
