import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ResilienceConfigurationError } from '../errors/resilience-configuration.error.js';
import { featureEnvVariableName } from './feature-toggle-env.parser.js';
import { loadResilienceSettings } from './resilience-config.loader.js';

const dir = mkdtempSync(join(tmpdir(), 'feature-toggles-'));
let files = 0;
function write(text: string): string {
  const file = join(dir, `file-${++files}.yaml`);
  writeFileSync(file, text);
  return file;
}

function problemsOf(load: () => unknown): string[] {
  try {
    load();
  } catch (error) {
    if (error instanceof ResilienceConfigurationError)
      return [...error.problems];
    throw error;
  }
  throw new Error('expected a configuration error');
}

describe('features in the configuration', () => {
  it('declares toggles, on unless a file says otherwise, with where each value came from', () => {
    const { features } = loadResilienceSettings({
      config: {
        features: {
          recommendations: { description: 'Products others bought' },
          reviews: { enabled: false },
          'gift-wrap': null,
        },
      },
    });
    expect(features).toEqual({
      'gift-wrap': {
        enabled: true,
        declaredInBase: true,
        declaredIn: ['config'],
      },
      recommendations: {
        enabled: true,
        description: 'Products others bought',
        declaredInBase: true,
        declaredIn: ['config'],
      },
      reviews: {
        enabled: false,
        enabledOrigin: { layer: 'base', source: 'config' },
        declaredInBase: true,
        declaredIn: ['config'],
      },
    });
  });

  it('layers the user file over the shipped one, then FEATURE__<NAME> variables over both', () => {
    const baseFile = write(
      'features:\n  reviews: { enabled: true, description: Reviews }\n  chat: {}\n',
    );
    const file = write(
      'features:\n  reviews: { enabled: false }\n  gift-wrap: { enabled: false }\n',
    );
    const { features } = loadResilienceSettings({
      baseFile,
      file,
      env: { FEATURE__GIFT_WRAP: 'TRUE', FEATURE__CHAT: '', OTHER: 'x' },
    });
    expect(features?.reviews).toMatchObject({
      enabled: false,
      description: 'Reviews',
      enabledOrigin: { layer: 'overlay', source: file },
      declaredInBase: true,
      declaredIn: [baseFile, file],
    });
    expect(features?.['gift-wrap']).toMatchObject({
      enabled: true,
      enabledOrigin: { layer: 'env', source: 'FEATURE__GIFT_WRAP' },
      declaredInBase: false,
    });
    // An empty variable is unset, as a blank line of a .env file gives.
    expect(features?.chat).toEqual({
      enabled: true,
      declaredInBase: true,
      declaredIn: [baseFile],
    });
  });

  it('stops the start on a variable naming no declared toggle or holding no boolean', () => {
    expect(
      problemsOf(() =>
        loadResilienceSettings({
          config: { features: { reviews: {} } },
          env: { FEATURE__REVIEW: 'false', FEATURE__REVIEWS: 'off' },
        }),
      ),
    ).toEqual([
      'FEATURE__REVIEW: no feature "review" under features in the configuration ' +
        '(declared: reviews); declare it there first',
      'FEATURE__REVIEWS: must be true or false (got "off")',
    ]);
  });

  it('stops the start on a bad name, key or value in a file, naming each', () => {
    expect(
      problemsOf(() =>
        loadResilienceSettings({
          config: {
            features: {
              Reviews: {},
              chat: { enabled: 'yes', owner: 'team' },
              'gift-wrap': { description: '' },
            },
          },
        }),
      ),
    ).toEqual([
      'features.Reviews: feature names must be kebab-case (lower-case letters and digits in ' +
        'words joined by single hyphens, starting with a letter) (got "Reviews")',
      'features.chat.enabled: must be true or false (got "yes")',
      'features.chat.owner: unknown key (allowed: enabled, description)',
      'features.gift-wrap.description: must be a text of 1 to 500 characters (got "")',
    ]);
    expect(
      problemsOf(() => loadResilienceSettings({ config: { features: [] } })),
    ).toEqual([
      'features: must be a mapping from feature name to its settings (got a list)',
    ]);
  });

  it('names the variable of a feature in SCREAMING_SNAKE_CASE', () => {
    expect(featureEnvVariableName('product-availability-check')).toBe(
      'FEATURE__PRODUCT_AVAILABILITY_CHECK',
    );
  });

  it('has no toggles without a features section', () => {
    expect(loadResilienceSettings().features).toEqual({});
  });
});
