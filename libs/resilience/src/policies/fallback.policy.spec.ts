import { degradationOf, isDegraded } from './degradation.marker.js';
import type { FallbackSource } from './fallback-source.interface.js';
import {
  FallbackPolicy,
  type FallbackClassification,
  type FallbackPolicyOptions,
} from './fallback.policy.js';
import type { ExecutionContext } from './policy.interface.js';

class UpstreamDownError extends Error {}
class ValidationError extends Error {}

const classify = (error: unknown): FallbackClassification => ({
  recoverable: !(error instanceof ValidationError),
});

const policy = (
  sources: FallbackSource[],
  overrides: Partial<FallbackPolicyOptions> = {},
): FallbackPolicy =>
  new FallbackPolicy({ name: 'catalog', sources, classify, ...overrides });

const call = (args: unknown[]): ExecutionContext => ({ attempt: 1, args });

const failing = (error: unknown) => vi.fn(() => Promise.reject(error));

describe('FallbackPolicy', () => {
  it('returns a success untouched, without falling back', async () => {
    const onFallback = vi.fn();
    const result = await policy([{ kind: 'value', value: { stale: true } }], {
      onFallback,
    }).execute(async () => ({ fresh: true }), call([]));
    expect(result).toEqual({ fresh: true });
    expect(isDegraded(result)).toBe(false);
    expect(onFallback).not.toHaveBeenCalled();
  });

  it('serves a constant after a recoverable failure, marked degraded', async () => {
    const error = new UpstreamDownError();
    const onFallback = vi.fn();
    const standIn = { items: [] };
    const operation = failing(error);
    const result = await policy([{ kind: 'value', value: standIn }], {
      onFallback,
    }).execute(operation, call([]));
    expect(result).toBe(standIn);
    expect(operation).toHaveBeenCalledTimes(1);
    expect(degradationOf(result)).toEqual({
      name: 'catalog',
      source: 'value',
      error,
    });
    expect(onFallback).toHaveBeenCalledExactlyOnceWith({
      name: 'catalog',
      source: 'value',
      error,
    });
  });

  it('rethrows a non-recoverable error as is, without trying any source', async () => {
    const invalid = new ValidationError();
    const run = vi.fn(() => 'stand-in');
    await expect(
      policy([{ kind: 'function', run }]).execute(failing(invalid), call([])),
    ).rejects.toBe(invalid);
    expect(run).not.toHaveBeenCalled();
  });

  it('calls a function source with the error and the arguments, and awaits it', async () => {
    const error = new UpstreamDownError();
    const run = vi.fn(async (_error: unknown, args: readonly unknown[]) => ({
      for: args[0],
    }));
    const result = await policy([{ kind: 'function', run }]).execute(
      failing(error),
      call(['sku-1', 2]),
    );
    expect(result).toEqual({ for: 'sku-1' });
    expect(run).toHaveBeenCalledExactlyOnceWith(error, ['sku-1', 2]);
    expect(degradationOf(result)?.source).toBe('function');
  });

  it('tries the chain in order and stops at the first source that serves', async () => {
    const tried: string[] = [];
    const logger = { warn: vi.fn() };
    const sources: FallbackSource[] = [
      {
        kind: 'function',
        run: () => {
          tried.push('throws');
          throw new Error('fallback broke');
        },
      },
      {
        kind: 'function',
        run: () => {
          tried.push('rejects');
          return Promise.reject(new Error('fallback broke'));
        },
      },
      { kind: 'last-good' },
      {
        kind: 'function',
        run: () => {
          tried.push('serves');
          return 'second best';
        },
      },
      {
        kind: 'function',
        run: () => {
          tried.push('never');
          return 'unused';
        },
      },
    ];
    const result = await policy(sources, { logger }).execute(
      failing(new UpstreamDownError()),
      call([]),
    );
    expect(result).toBe('second best');
    expect(tried).toEqual(['throws', 'rejects', 'serves']);
    expect(logger.warn).toHaveBeenCalledTimes(2);
  });

  it('rethrows the original error when every source fails or has nothing', async () => {
    const error = new UpstreamDownError();
    const onFallback = vi.fn();
    const sources: FallbackSource[] = [
      { kind: 'last-good' },
      {
        kind: 'function',
        run: () => Promise.reject(new Error('fallback broke')),
      },
    ];
    await expect(
      policy(sources, { onFallback }).execute(failing(error), call([1])),
    ).rejects.toBe(error);
    expect(onFallback).not.toHaveBeenCalled();
  });

  it('serves a primitive stand-in, which only the hook sees as degraded', async () => {
    const onFallback = vi.fn();
    const result = await policy([{ kind: 'value', value: 0 }], {
      onFallback,
    }).execute(failing(new UpstreamDownError()), call([]));
    expect(result).toBe(0);
    expect(isDegraded(result)).toBe(false);
    expect(onFallback).toHaveBeenCalledOnce();
  });

  describe('last good result', () => {
    it('serves the last success for the same arguments, and nothing for others', async () => {
      const fallback = policy([{ kind: 'last-good' }]);
      const error = new UpstreamDownError();
      await fallback.execute(async () => ({ price: 1 }), call(['a']));
      await fallback.execute(async () => ({ price: 2 }), call(['a']));
      await fallback.execute(async () => ({ price: 9 }), call(['b']));

      const served = await fallback.execute(failing(error), call(['a']));
      expect(served).toEqual({ price: 2 });
      expect(degradationOf(served)).toEqual({
        name: 'catalog',
        source: 'last-good',
        error,
      });
      await expect(fallback.execute(failing(error), call(['c']))).rejects.toBe(
        error,
      );
    });

    it('serves an undefined result that was stored', async () => {
      const fallback = policy([
        { kind: 'last-good' },
        { kind: 'value', value: 'default' },
      ]);
      await fallback.execute(async () => undefined, call([]));
      await expect(
        fallback.execute(failing(new UpstreamDownError()), call([])),
      ).resolves.toBeUndefined();
    });

    it('keeps at most maxEntries results', async () => {
      const fallback = policy([
        { kind: 'last-good', maxEntries: 2 },
        { kind: 'value', value: 'evicted' },
      ]);
      for (const id of [1, 2, 3])
        await fallback.execute(async () => `result ${id}`, call([id]));
      const down = failing(new UpstreamDownError());
      await expect(fallback.execute(down, call([1]))).resolves.toBe('evicted');
      await expect(fallback.execute(down, call([3]))).resolves.toBe('result 3');
    });

    it('ignores results older than maxAgeMs', async () => {
      vi.useFakeTimers({ now: 0 });
      try {
        const fallback = policy([
          { kind: 'last-good', maxAgeMs: 1000 },
          { kind: 'value', value: 'stale' },
        ]);
        await fallback.execute(async () => 'fresh', call([]));
        vi.setSystemTime(1001);
        await expect(
          fallback.execute(failing(new UpstreamDownError()), call([])),
        ).resolves.toBe('stale');
      } finally {
        vi.useRealTimers();
      }
    });

    it('keys by the given key function', async () => {
      const fallback = policy([
        {
          kind: 'last-good',
          key: (args) => String((args[0] as { id: string }).id),
        },
      ]);
      await fallback.execute(
        async () => 'for x',
        call([{ id: 'x', requestedAt: 1 }]),
      );
      await expect(
        fallback.execute(
          failing(new UpstreamDownError()),
          call([{ id: 'x', requestedAt: 2 }]),
        ),
      ).resolves.toBe('for x');
    });

    it('neither stores nor serves calls whose arguments cannot be keyed', async () => {
      const fallback = policy([
        { kind: 'last-good' },
        { kind: 'value', value: 'no key' },
      ]);
      const cyclic: Record<string, unknown> = {};
      cyclic.self = cyclic;
      await expect(
        fallback.execute(async () => 'ok', call([cyclic])),
      ).resolves.toBe('ok');
      await expect(
        fallback.execute(failing(new UpstreamDownError()), call([cyclic])),
      ).resolves.toBe('no key');
    });

    it('keys a call without arguments as an empty argument list', async () => {
      const fallback = policy([{ kind: 'last-good' }]);
      await fallback.execute(async () => 'no args', { attempt: 1 });
      await expect(
        fallback.execute(failing(new UpstreamDownError()), call([])),
      ).resolves.toBe('no args');
    });
  });

  it('refuses an empty chain or more than one last-good source', () => {
    expect(() => policy([])).toThrow(RangeError);
    expect(() =>
      policy([{ kind: 'last-good' }, { kind: 'last-good' }]),
    ).toThrow(RangeError);
  });
});
