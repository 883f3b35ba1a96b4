import {
  Inject,
  Injectable,
  Logger,
  type OnModuleDestroy,
  type OnModuleInit,
} from '@nestjs/common';
import type {
  ResolvedFeatureToggleSettings,
  ResolvedResilienceSettings,
} from '../config/resilience-settings.interface.js';
import { ResilienceConfigurationError } from '../errors/resilience-configuration.error.js';
import { RESILIENCE_SETTINGS } from '../resilience.constants.js';
import type {
  FeatureToggleRecord,
  FeatureToggleState,
} from './feature-toggle.interface.js';
import { FeatureToggleNotFoundError } from './feature-toggle-not-found.error.js';
import { FeatureToggleStore } from './feature-toggle.store.js';

/**
 * The feature toggles: their configured values (the `features` section and `FEATURE__<NAME>`
 * variables) and the runtime changes operators make, shared through the
 * {@link FeatureToggleStore}. Reading a toggle never waits for the store: values are kept in
 * memory, loaded at boot and updated as the store reports changes, so a store outage leaves
 * every instance on the last values it knew.
 *
 * @example
 * ```ts
 * constructor(private readonly toggles: FeatureToggles) {
 *   toggles.use('recommendations', RecommendationService.name);
 * }
 * if (this.toggles.isEnabled('recommendations')) { ... }
 * ```
 */
@Injectable()
export class FeatureToggles implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('FeatureToggles');
  private readonly configured: Readonly<
    Record<string, ResolvedFeatureToggleSettings>
  >;
  private readonly runtime = new Map<string, FeatureToggleRecord>();
  private readonly uses = new Map<string, string[]>();
  private unwatch?: () => void;

  constructor(
    @Inject(RESILIENCE_SETTINGS) settings: ResolvedResilienceSettings,
    private readonly store: FeatureToggleStore,
  ) {
    this.configured = settings.features ?? {};
  }

  /** Follows the store's changes, then loads the runtime values it holds. */
  async onModuleInit(): Promise<void> {
    this.unwatch = this.store.watch((record) => this.apply(record));
    try {
      for (const record of await this.store.readAll()) this.apply(record);
    } catch (error) {
      this.logger.warn(
        `Runtime feature toggle values could not be read (${describe(error)}); ` +
          'the configured values apply until the store answers',
      );
    }
  }

  onModuleDestroy(): void {
    this.unwatch?.();
  }

  /**
   * Whether the feature is on now; never waits.
   * @throws ResilienceConfigurationError when no toggle of that name is declared
   */
  isEnabled(name: string): boolean {
    const settings = this.declared(name);
    return this.runtime.get(name)?.enabled ?? settings.enabled;
  }

  /**
   * Declares that code at `site` reads the toggle with {@link isEnabled}, so the boot checks
   * the name and counts the toggle as used. Call it from the constructor; `@FeatureToggle()`
   * declares its own uses.
   * @throws ResilienceConfigurationError when no toggle of that name is declared
   */
  use(name: string, site: string): void {
    this.declared(name);
    this.uses.set(name, [...(this.uses.get(name) ?? []), site]);
  }

  /** The sites that declared a use of each toggle. */
  usedToggles(): ReadonlyMap<string, readonly string[]> {
    return this.uses;
  }

  /** Every toggle, by name. */
  list(): FeatureToggleState[] {
    return Object.keys(this.configured).map((name) => this.state(name));
  }

  /**
   * One toggle, with where its value comes from.
   * @throws FeatureToggleNotFoundError when no toggle of that name is declared
   */
  state(name: string): FeatureToggleState {
    const settings = this.configured[name];
    if (!Object.hasOwn(this.configured, name) || settings === undefined) {
      throw new FeatureToggleNotFoundError(name);
    }
    const record = this.runtime.get(name);
    return {
      name,
      enabled: record?.enabled ?? settings.enabled,
      source: record
        ? 'runtime'
        : settings.enabledOrigin
          ? 'config'
          : 'default',
      description: settings.description ?? null,
      configuredEnabled: settings.enabled,
      changedBy: record?.changedBy ?? null,
      changedAt: record?.changedAt ?? null,
    };
  }

  /**
   * Switches a feature at run time, for every instance sharing the store, until changed again
   * (a configured value no longer applies to it, even after a restart, with a shared store).
   * @param actor who asks: the admin token's name
   * @throws FeatureToggleNotFoundError when no toggle of that name is declared
   * @throws whatever the store throws when it cannot store the change (nothing changes then)
   */
  async set(
    name: string,
    enabled: boolean,
    actor: string,
  ): Promise<FeatureToggleState> {
    this.state(name);
    const record = await this.store.write({
      name,
      enabled,
      changedBy: actor,
      changedAt: new Date().toISOString(),
    });
    this.apply(record);
    return this.state(name);
  }

  private declared(name: string): ResolvedFeatureToggleSettings {
    const settings = Object.hasOwn(this.configured, name)
      ? this.configured[name]
      : undefined;
    if (settings === undefined) {
      const known = Object.keys(this.configured).join(', ') || 'none';
      throw new ResilienceConfigurationError([
        `features.${name}: no such feature toggle in the configuration (declared: ${known})`,
      ]);
    }
    return settings;
  }

  /** Takes a record the store reported, unless a later one of the same toggle is known. */
  private apply(record: FeatureToggleRecord): void {
    // A value kept for a toggle the configuration no longer declares has nothing to switch.
    if (!Object.hasOwn(this.configured, record.name)) return;
    const current = this.runtime.get(record.name);
    if (current !== undefined && current.version >= record.version) return;
    const before = this.isEnabled(record.name);
    this.runtime.set(record.name, record);
    if (before !== record.enabled) {
      this.logger.log(
        `Feature ${record.name} ${record.enabled ? 'enabled' : 'disabled'} by ${record.changedBy}`,
      );
    }
  }
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return 'unknown error';
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? `${error.name}: ${code}` : error.name;
}
