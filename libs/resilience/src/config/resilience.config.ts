import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { registerAs, type ConfigType } from '@nestjs/config';
import {
  loadResilienceSettings,
  type LoadResilienceSettingsOptions,
} from './resilience-config.loader.js';
import {
  DEFAULT_RESILIENCE_CONFIG_FILE,
  RESILIENCE_CONFIG_NAMESPACE,
} from './resilience-defaults.constants.js';

/**
 * The `resilience` configuration namespace: the application's shipped file
 * (`config/resilience.yaml` under the working directory), the user's file named by
 * `RESILIENCE_CONFIG_FILE` layered over it key by key (services it does not mention keep their
 * shipped settings), then the `RESILIENCE__*` overrides, validated when the namespace loads, so
 * a bad value stops the start. With `RESILIENCE_CONFIG_FILE` unset or empty the shipped file
 * alone is read (it must exist); with it set and no shipped file, the named file alone. The only
 * place that reads `process.env` for these settings.
 *
 * @example
 * ConfigModule.forRoot({ load: [resilienceConfig] });
 * constructor(@Inject(resilienceConfig.KEY) settings: ResilienceConfig) {}
 * @throws ResilienceConfigurationError when a file or a variable is invalid
 */
export const resilienceConfig = registerAs(RESILIENCE_CONFIG_NAMESPACE, () =>
  loadResilienceSettings({
    ...resilienceFiles(
      // An empty value, as a blank line in a .env file gives, means "not set".
      process.env.RESILIENCE_CONFIG_FILE || undefined,
      resolve(process.cwd(), DEFAULT_RESILIENCE_CONFIG_FILE),
    ),
    env: process.env,
  }),
);

/** The shipped file as the base and the user's file over it, each only where there is one. */
function resilienceFiles(
  named: string | undefined,
  shipped: string,
): Pick<LoadResilienceSettingsOptions, 'baseFile' | 'file'> {
  if (named === undefined || resolve(named) === shipped) {
    return { file: shipped };
  }
  return existsSync(shipped)
    ? { baseFile: shipped, file: named }
    : { file: named };
}

/** The resolved settings as injected with `@Inject(resilienceConfig.KEY)`. */
export type ResilienceConfig = ConfigType<typeof resilienceConfig>;
