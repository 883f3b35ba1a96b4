import { Injectable, Optional, type OnModuleDestroy } from '@nestjs/common';
import type { CircuitBreakerSettings } from '../config/resilience-settings.interface.js';
import { ErrorClassifier } from '../classification/error-classifier.js';
import { ResilienceConfigurationError } from '../errors/resilience-configuration.error.js';
import type { FailurePredicate } from './circuit-breaker-policy-options.interface.js';
import { CircuitBreakerSettingsResolver } from './circuit-breaker-settings.resolver.js';
import type { CircuitBreakerStats } from './circuit-breaker-stats.interface.js';
import { CircuitBreakerPolicy } from './circuit-breaker.policy.js';
import { ResilienceEvents } from '../events/resilience.events.js';

/**
 * Owns the long-lived circuit breaker of each named dependency: one per name, created on first
 * use, shut down with the module (each holds, when open, a reset timer; their rolling windows
 * move on through one timer per slice duration, shared by all: `WindowRotationClock`).
 */
@Injectable()
export class CircuitBreakerRegistry implements OnModuleDestroy {
  private readonly breakers = new Map<string, CircuitBreakerPolicy>();
  private readonly countsAsFailure: FailurePredicate;

  /**
   * @param classifier its `countsAsFailure` and `ignoredByBreaker` decide what a breaker counts,
   *   unless given otherwise
   * @param settingsResolver resolves the settings of a name when none are given; optional when
   *   every caller passes settings
   */
  constructor(
    classifier: ErrorClassifier,
    @Optional()
    private readonly settingsResolver?: CircuitBreakerSettingsResolver,
    @Optional() private readonly events?: ResilienceEvents,
  ) {
    this.countsAsFailure = (error) => {
      const classification = classifier.classify(error);
      return classification.ignoredByBreaker === true
        ? 'ignore'
        : classification.countsAsFailure;
    };
  }

  /** The breaker of `name`, if one was created. */
  get(name: string): CircuitBreakerPolicy | undefined {
    return this.breakers.get(name);
  }

  /**
   * The breaker of `name`, created on first call. `settings` and `isFailure` are used only when
   * creating it: a later call with other values gets the existing breaker unchanged.
   *
   * @param settings resolved settings; default: the settings resolver's answer for `name`
   * @param isFailure what counts as a failure, a success or neither; default: the classifier's
   *   `countsAsFailure`, or neither where it says `ignoredByBreaker`
   * @throws ResilienceConfigurationError when no settings are given and the resolver has none
   *   for `name` (or no resolver is provided)
   */
  getOrCreate(
    name: string,
    settings?: CircuitBreakerSettings,
    isFailure?: FailurePredicate,
  ): CircuitBreakerPolicy {
    let breaker = this.breakers.get(name);
    if (!breaker) {
      breaker = new CircuitBreakerPolicy({
        name,
        settings: settings ?? this.resolve(name),
        isFailure: isFailure ?? this.countsAsFailure,
      });
      const events = this.events;
      if (events) {
        breaker.onStateChange((change) =>
          events.emit({ kind: 'state', change }),
        );
      }
      this.breakers.set(name, breaker);
      events?.emit({
        kind: 'breaker',
        service: name,
        state: breaker.currentState,
      });
    }
    return breaker;
  }

  private resolve(name: string): CircuitBreakerSettings {
    if (!this.settingsResolver) {
      throw new ResilienceConfigurationError([
        `services.${name}.circuitBreaker: no settings given and no CircuitBreakerSettingsResolver provided`,
      ]);
    }
    return this.settingsResolver.resolve(name);
  }

  /** Every breaker created, in creation order. */
  list(): CircuitBreakerPolicy[] {
    return [...this.breakers.values()];
  }

  /** Stats of every breaker, in creation order. */
  stats(): CircuitBreakerStats[] {
    return this.list().map((breaker) => breaker.stats());
  }

  /** Shuts every breaker down and forgets them. */
  onModuleDestroy(): void {
    for (const breaker of this.breakers.values()) breaker.shutdown();
    this.breakers.clear();
  }
}
