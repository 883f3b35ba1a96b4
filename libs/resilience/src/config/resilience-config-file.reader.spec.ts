import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ResilienceConfigurationError } from '../errors/resilience-configuration.error.js';
import { readResilienceConfigFile } from './resilience-config-file.reader.js';

describe('readResilienceConfigFile', () => {
  let dir: string;
  const write = (name: string, text: string): string => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'resilience-reader-'));
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads YAML (.yaml and .yml), merge keys included', () => {
    const yaml = [
      'base: &base { maxAttempts: 2 }',
      'services:',
      '  a:',
      '    retry: { <<: *base, backoff: fixed }',
    ].join('\n');
    expect(readResilienceConfigFile(write('a.yaml', yaml))).toStrictEqual({
      base: { maxAttempts: 2 },
      services: { a: { retry: { maxAttempts: 2, backoff: 'fixed' } } },
    });
    expect(
      readResilienceConfigFile(write('b.yml', 'defaults: {}')),
    ).toStrictEqual({ defaults: {} });
  });

  it('reads an empty YAML file as an empty configuration', () => {
    expect(
      readResilienceConfigFile(write('empty.yaml', '# nothing yet\n')),
    ).toStrictEqual({});
  });

  it('reads JSON', () => {
    expect(
      readResilienceConfigFile(write('c.json', '{"services":{"a":{}}}')),
    ).toStrictEqual({
      services: { a: {} },
    });
  });

  it('names the path of a missing file', () => {
    const path = join(dir, 'missing.yaml');
    expect(() => readResilienceConfigFile(path)).toThrow(
      ResilienceConfigurationError,
    );
    expect(() => readResilienceConfigFile(path)).toThrow(
      `${path}: configuration file not found (check RESILIENCE_CONFIG_FILE)`,
    );
  });

  it('refuses an extension it cannot parse', () => {
    const path = write('c.toml', 'a = 1');
    expect(() => readResilienceConfigFile(path)).toThrow(
      `${path}: the configuration file must end in .yaml, .yml, .json`,
    );
  });

  it('gives the line and column of a YAML error', () => {
    const path = write(
      'bad.yaml',
      'services:\n  a:\n    retry: {maxAttempts: 2\n  b: {}\n',
    );
    expect(() => readResilienceConfigFile(path)).toThrow(
      new RegExp(`${path}:4:\\d+: invalid YAML: `),
    );
  });

  it('rejects duplicate YAML keys, which would silently drop a value', () => {
    const path = write('dup.yaml', 'services:\n  a: {}\n  a: {}\n');
    expect(() => readResilienceConfigFile(path)).toThrow(
      `${path}:3:3: invalid YAML: Map keys must be unique`,
    );
  });

  it('reports an unresolved YAML alias', () => {
    const path = write('alias.yaml', 'defaults: *nowhere\n');
    expect(() => readResilienceConfigFile(path)).toThrow(
      `${path}: invalid YAML: `,
    );
  });

  it('gives the line and column of a JSON error, a truncated file included', () => {
    const trailing = write('bad.json', '{\n  "services": {},\n}');
    expect(() => readResilienceConfigFile(trailing)).toThrow(
      `${trailing}:3:1: invalid JSON: `,
    );
    const truncated = write('cut.json', '{\n  "services": {');
    expect(() => readResilienceConfigFile(truncated)).toThrow(
      `${truncated}:2:16: invalid JSON: `,
    );
  });
});
