import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';
import type { InstanceWrapper } from '@nestjs/core/injector/instance-wrapper.js';
import type { ResolvedResilienceSettings } from '../config/resilience-settings.interface.js';
import { ResilienceConfigurationError } from '../errors/resilience-configuration.error.js';
import { ResilienceExplorer } from '../explorer/resilience.explorer.js';
import { RESILIENCE_SETTINGS } from '../resilience.constants.js';
import type { FeatureToggleMetadata } from './feature-toggle.interface.js';
import { getFeatureToggleMetadata } from './feature-toggle.metadata.js';
import {
  featureToggleUseProblems,
  type DecoratedFeatureToggle,
} from './feature-toggle-use.check.js';
import { FeatureToggles } from './feature.toggles.js';
import {
  callShape,
  disabledAnswer,
  type BoundFeatureFallback,
} from './toggled-call.js';

/** One decorated method found at boot. */
interface ToggledSite {
  instance: object;
  key: string;
  method: Function;
  metadata: FeatureToggleMetadata;
  site: string;
  fallback: BoundFeatureFallback | undefined;
}

/**
 * Wires `@FeatureToggle()` at `onModuleInit`: checks every decorated method's toggle name and
 * fallback (a mistake stops the boot, and so does a toggle the user configured that nothing
 * uses), replaces provider methods on their instance by a toggled version, and keeps the bound
 * fallbacks of controller and microservice handlers for `FeatureToggleInterceptor`.
 *
 * It runs after `ResilienceExplorer`, which it depends on for that alone (Nest calls a
 * module's `onModuleInit` hooks in dependency order), so a toggled provider method wraps the
 * guarded one: a disabled feature never reaches its policies.
 */
@Injectable()
export class FeatureToggleExplorer implements OnModuleInit {
  private readonly logger = new Logger('FeatureToggleExplorer');
  private readonly handlers = new WeakMap<Function, BoundFeatureFallback>();

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly toggles: FeatureToggles,
    @Inject(RESILIENCE_SETTINGS)
    private readonly settings: ResolvedResilienceSettings,
    // Only so that its hook, which replaces guarded methods, has run before this one.
    _guarded: ResilienceExplorer,
  ) {}

  /** The bound fallback of a controller or microservice handler, if it has one. */
  handlerFallback(handler: Function): BoundFeatureFallback | undefined {
    return this.handlers.get(handler);
  }

  /**
   * @throws ResilienceConfigurationError naming each unknown toggle, missing fallback method
   *   and configured toggle nothing uses
   */
  onModuleInit(): void {
    const problems: string[] = [];
    const decorated: DecoratedFeatureToggle[] = [];
    const visited = new WeakSet<object>();
    const features = this.settings.features ?? {};
    const collect = (wrappers: InstanceWrapper[]) =>
      wrappers.flatMap((wrapper) => this.visit(wrapper, visited, problems));
    const providers = collect(this.discovery.getProviders());
    const handlers = collect(this.discovery.getControllers());
    for (const { metadata, site } of [...providers, ...handlers]) {
      decorated.push({ name: metadata.name, site });
      if (Object.hasOwn(features, metadata.name)) {
        this.toggles.use(metadata.name, site);
      }
    }
    problems.push(
      ...featureToggleUseProblems(
        features,
        decorated,
        this.toggles.usedToggles(),
      ),
    );
    if (problems.length > 0) throw new ResilienceConfigurationError(problems);
    for (const toggled of providers) this.wrap(toggled);
    for (const { method, fallback } of handlers) {
      if (fallback) this.handlers.set(method, fallback);
    }
    if (decorated.length > 0) {
      this.logger.log(
        `Put ${decorated.length} method(s) behind feature toggles`,
      );
    }
  }

  private visit(
    wrapper: InstanceWrapper,
    visited: WeakSet<object>,
    problems: string[],
  ): ToggledSite[] {
    const { instance } = wrapper;
    // Request-scoped providers have no instance at boot; there is nothing to wrap.
    if (
      !instance ||
      typeof instance !== 'object' ||
      !wrapper.isDependencyTreeStatic() ||
      visited.has(instance)
    ) {
      return [];
    }
    visited.add(instance);
    const prototype = Object.getPrototypeOf(instance) as Record<
      string,
      unknown
    >;
    const found: ToggledSite[] = [];
    for (const key of this.scanner.getAllMethodNames(prototype)) {
      const method = prototype[key];
      if (typeof method !== 'function') continue;
      const metadata = getFeatureToggleMetadata(method);
      if (!metadata) continue;
      const site = `${instance.constructor.name}.${key}`;
      const fallback = bindFallback(instance, metadata, site, problems);
      found.push({ instance, key, method, metadata, site, fallback });
    }
    return found;
  }

  private wrap({
    instance,
    key,
    method,
    metadata,
    fallback,
  }: ToggledSite): void {
    const target = instance as Record<string, unknown>;
    // The method as it is now: already guarded when it carries resilience decorators too.
    const current = target[key] as Function;
    const shape = callShape(instance, key, method);
    const toggles = this.toggles;
    const toggled = (...args: unknown[]): unknown =>
      toggles.isEnabled(metadata.name)
        ? current.apply(instance, args)
        : disabledAnswer(metadata.name, shape, fallback, args);
    Object.defineProperty(toggled, 'name', { value: method.name });
    target[key] = toggled;
  }
}

/** The decorator's fallback bound to `instance`; a method it does not have is a problem. */
function bindFallback(
  instance: object,
  { name, fallback }: FeatureToggleMetadata,
  site: string,
  problems: string[],
): BoundFeatureFallback | undefined {
  if (fallback === undefined) return undefined;
  if (typeof fallback === 'function') {
    return (args) => fallback.apply(instance, args as unknown[]);
  }
  const target = instance as Record<string, unknown>;
  if (typeof target[fallback] !== 'function') {
    problems.push(
      `@FeatureToggle('${name}') on ${site}: fallback "${fallback}" is not a method of ` +
        `${instance.constructor.name}`,
    );
    return undefined;
  }
  // Looked up at each call, so the fallback runs as whatever wiring made of it.
  return (args) =>
    (target[fallback] as Function).apply(instance, args as unknown[]);
}
