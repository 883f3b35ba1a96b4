import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { Test } from '@nestjs/testing';
import { isResilienceConfigurationError } from '../errors/resilience-configuration.error.js';
import {
  resilienceConfig,
  type ResilienceConfig,
} from './resilience.config.js';

describe('resilienceConfig', () => {
  let dir: string;
  let named: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'resilience-namespace-'));
    mkdirSync(join(dir, 'config'));
    writeFileSync(
      join(dir, 'config', 'resilience.yaml'),
      'services:\n  from-default-file: {}\n',
    );
    named = join(dir, 'named.yaml');
    writeFileSync(
      named,
      'services:\n  product-service: { retry: { maxAttempts: 2 } }\n',
    );
  });
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.restoreAllMocks();
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  async function boot(): Promise<ResilienceConfig> {
    const moduleRef = await Test.createTestingModule({
      imports: [
        ConfigModule.forRoot({ ignoreEnvFile: true, load: [resilienceConfig] }),
      ],
    }).compile();
    const settings = moduleRef.get<ResilienceConfig>(resilienceConfig.KEY);
    expect(moduleRef.get(ConfigService).get('resilience')).toBe(settings);
    await moduleRef.close();
    return settings;
  }

  it('loads the file named by RESILIENCE_CONFIG_FILE with RESILIENCE__ overrides', async () => {
    vi.stubEnv('RESILIENCE_CONFIG_FILE', named);
    vi.stubEnv('RESILIENCE__PRODUCT_SERVICE__RETRY__BACKOFF', 'fixed');
    const settings = await boot();
    expect(settings.services['product-service']?.retry).toMatchObject({
      maxAttempts: 2,
      backoff: 'fixed',
    });
    expect(settings.resolveService('product-service').retry.maxAttempts).toBe(
      2,
    );
  });

  it.each([
    ['unset', undefined],
    ['empty', ''],
  ])(
    'reads config/resilience.yaml under the working directory when the variable is %s',
    async (_, value) => {
      vi.stubEnv('RESILIENCE_CONFIG_FILE', value);
      vi.spyOn(process, 'cwd').mockReturnValue(dir);
      expect(Object.keys((await boot()).services)).toEqual([
        'from-default-file',
      ]);
    },
  );

  it('layers the named file over the shipped one: services it does not mention keep theirs', async () => {
    vi.stubEnv('RESILIENCE_CONFIG_FILE', named);
    vi.spyOn(process, 'cwd').mockReturnValue(dir);
    const settings = await boot();
    expect(Object.keys(settings.services)).toEqual([
      'from-default-file',
      'product-service',
    ]);
    expect(settings.origins?.baseServices).toEqual(['from-default-file']);
    expect(
      settings.origins?.services['product-service']?.['retry.maxAttempts'],
    ).toStrictEqual({ layer: 'overlay', source: named });
  });

  it('reads the shipped file once when the variable names it', async () => {
    vi.stubEnv(
      'RESILIENCE_CONFIG_FILE',
      join(dir, 'config', 'resilience.yaml'),
    );
    vi.spyOn(process, 'cwd').mockReturnValue(dir);
    const settings = await boot();
    expect(settings.origins?.baseServices).toEqual(['from-default-file']);
  });

  it('reads the named file alone where no file is shipped', async () => {
    vi.stubEnv('RESILIENCE_CONFIG_FILE', named);
    vi.spyOn(process, 'cwd').mockReturnValue(join(dir, 'config'));
    const settings = await boot();
    expect(Object.keys(settings.services)).toEqual(['product-service']);
    expect(settings.origins?.baseServices).toEqual(['product-service']);
  });

  it('stops the start on an invalid value', async () => {
    vi.stubEnv('RESILIENCE_CONFIG_FILE', named);
    vi.stubEnv('RESILIENCE__PRODUCT_SERVICE__RETRY__MAX_ATTEMPTS', '0');
    const failure = await boot().then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(isResilienceConfigurationError(failure)).toBe(true);
    expect((failure as Error).message).toContain(
      'services.product-service.retry.maxAttempts (from ' +
        'RESILIENCE__PRODUCT_SERVICE__RETRY__MAX_ATTEMPTS): must be a whole number >= 1 (got 0)',
    );
  });

  it('stops the start when the named file is missing, naming it', async () => {
    const missing = join(dir, 'missing.yaml');
    vi.stubEnv('RESILIENCE_CONFIG_FILE', missing);
    await expect(boot()).rejects.toThrow(
      `${missing}: configuration file not found`,
    );
  });
});
