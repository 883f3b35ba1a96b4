import { parseFeatureToggleChange } from './feature-toggle-change.parser.js';
import { InvalidFeatureToggleChangeError } from './invalid-feature-toggle-change.error.js';

function errorsOf(body: unknown): unknown {
  try {
    parseFeatureToggleChange(body);
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidFeatureToggleChangeError);
    expect(error).toMatchObject({ problem: 'VALIDATION_FAILED' });
    return (error as InvalidFeatureToggleChangeError).extensions.errors;
  }
  throw new Error('expected the body to be refused');
}

describe('parseFeatureToggleChange', () => {
  it('reads { enabled: true | false }', () => {
    expect(parseFeatureToggleChange({ enabled: false })).toEqual({
      enabled: false,
    });
    expect(parseFeatureToggleChange({ enabled: true })).toEqual({
      enabled: true,
    });
  });

  it('refuses anything else, pointing at each member', () => {
    expect(errorsOf({ enabled: 'false', by: 'mallory', 'a/b': 1 })).toEqual([
      { pointer: '/enabled', message: 'must be true or false' },
      { pointer: '/by', message: 'unknown member (allowed: enabled)' },
      { pointer: '/a~1b', message: 'unknown member (allowed: enabled)' },
    ]);
    for (const body of [undefined, null, [], 'false']) {
      expect(errorsOf(body)).toEqual([
        {
          pointer: '',
          message: 'must be an object { "enabled": true | false }',
        },
      ]);
    }
  });
});
