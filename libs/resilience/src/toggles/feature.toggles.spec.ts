import { loadResilienceSettings } from '../config/resilience-config.loader.js';
import { ResilienceConfigurationError } from '../errors/resilience-configuration.error.js';
import type {
  FeatureToggleChange,
  FeatureToggleListener,
  FeatureToggleRecord,
} from './feature-toggle.interface.js';
import { FeatureToggleNotFoundError } from './feature-toggle-not-found.error.js';
import { FeatureToggleStore } from './feature-toggle.store.js';
import { FeatureToggles } from './feature.toggles.js';
import { InMemoryFeatureToggleStore } from './in-memory-feature-toggle.store.js';

const settings = () =>
  loadResilienceSettings({
    config: {
      features: {
        recommendations: { description: 'Products others bought' },
        reviews: { enabled: false },
      },
    },
  });

/** A shared store as another instance would see it: changes arrive from elsewhere. */
class RemoteStore extends FeatureToggleStore {
  readonly shared = true;
  listener?: FeatureToggleListener;
  stored: FeatureToggleRecord[] = [];
  failing = false;
  readAll(): Promise<FeatureToggleRecord[]> {
    return this.failing
      ? Promise.reject(new Error('store down'))
      : Promise.resolve(this.stored);
  }
  write(change: FeatureToggleChange): Promise<FeatureToggleRecord> {
    if (this.failing) return Promise.reject(new Error('store down'));
    return Promise.resolve({ ...change, version: this.stored.length + 1 });
  }
  watch(listener: FeatureToggleListener): () => void {
    this.listener = listener;
    return () => (this.listener = undefined);
  }
}

const record = (
  name: string,
  enabled: boolean,
  version: number,
): FeatureToggleRecord => ({
  name,
  enabled,
  version,
  changedBy: 'alice',
  changedAt: '2030-01-01T00:00:00.000Z',
});

describe('FeatureToggles', () => {
  it('answers the configured values and says where each comes from', async () => {
    const toggles = new FeatureToggles(
      settings(),
      new InMemoryFeatureToggleStore(),
    );
    await toggles.onModuleInit();
    expect(toggles.isEnabled('recommendations')).toBe(true);
    expect(toggles.isEnabled('reviews')).toBe(false);
    expect(toggles.list()).toEqual([
      {
        name: 'recommendations',
        enabled: true,
        source: 'default',
        description: 'Products others bought',
        configuredEnabled: true,
        changedBy: null,
        changedAt: null,
      },
      {
        name: 'reviews',
        enabled: false,
        source: 'config',
        description: null,
        configuredEnabled: false,
        changedBy: null,
        changedAt: null,
      },
    ]);
  });

  it('switches a feature at run time, recording who did it', async () => {
    const toggles = new FeatureToggles(
      settings(),
      new InMemoryFeatureToggleStore(),
    );
    await toggles.onModuleInit();
    const state = await toggles.set('recommendations', false, 'alice');
    expect(state).toMatchObject({
      name: 'recommendations',
      enabled: false,
      source: 'runtime',
      configuredEnabled: true,
      changedBy: 'alice',
    });
    expect(Date.parse(state.changedAt!)).not.toBeNaN();
    expect(toggles.isEnabled('recommendations')).toBe(false);
    await toggles.set('recommendations', true, 'bob');
    expect(toggles.state('recommendations')).toMatchObject({
      enabled: true,
      source: 'runtime',
      changedBy: 'bob',
    });
  });

  it('loads the stored values at boot and follows changes made elsewhere, the later version winning', async () => {
    const store = new RemoteStore();
    store.stored = [record('reviews', true, 4), record('retired', false, 5)];
    const toggles = new FeatureToggles(settings(), store);
    await toggles.onModuleInit();
    expect(toggles.isEnabled('reviews')).toBe(true);

    store.listener!(record('recommendations', false, 7));
    expect(toggles.isEnabled('recommendations')).toBe(false);
    // An older change arriving late (a resynchronisation racing an announcement) is ignored.
    store.listener!(record('recommendations', true, 6));
    expect(toggles.isEnabled('recommendations')).toBe(false);
    // A toggle the configuration no longer declares switches nothing.
    expect(toggles.list().map(({ name }) => name)).toEqual([
      'recommendations',
      'reviews',
    ]);
    toggles.onModuleDestroy();
    expect(store.listener).toBeUndefined();
  });

  it('keeps the configured values when the store cannot be read at boot, and the last known ones when it fails later', async () => {
    const store = new RemoteStore();
    store.failing = true;
    const toggles = new FeatureToggles(settings(), store);
    await toggles.onModuleInit();
    expect(toggles.isEnabled('reviews')).toBe(false);
    store.listener!(record('reviews', true, 2));
    expect(toggles.isEnabled('reviews')).toBe(true);

    await expect(toggles.set('reviews', false, 'alice')).rejects.toThrow(
      'store down',
    );
    expect(toggles.isEnabled('reviews')).toBe(true);
  });

  it('refuses names it does not know: 404 for operators, a configuration error for code', async () => {
    const toggles = new FeatureToggles(
      settings(),
      new InMemoryFeatureToggleStore(),
    );
    await expect(toggles.set('review', false, 'alice')).rejects.toBeInstanceOf(
      FeatureToggleNotFoundError,
    );
    expect(() => toggles.state('review')).toThrow(FeatureToggleNotFoundError);
    expect(() => toggles.isEnabled('review')).toThrow(
      ResilienceConfigurationError,
    );
    expect(() => toggles.use('toString', 'Shop.render')).toThrow(
      'features.toString: no such feature toggle in the configuration ' +
        '(declared: recommendations, reviews)',
    );
    toggles.use('reviews', 'Shop.render');
    expect(toggles.usedToggles()).toEqual(
      new Map([['reviews', ['Shop.render']]]),
    );
  });
});
