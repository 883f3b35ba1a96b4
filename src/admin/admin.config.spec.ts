import { adminConfig, parseAdminTokens } from './admin.config.js';

const TOKEN_A = 'alice-token-0123456789';
const TOKEN_B = 'bob-token-0123456789';

describe('admin configuration', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  it('reads name:token pairs, and name:token:readonly as a named reader', () => {
    expect(
      parseAdminTokens(` alice:${TOKEN_A} , bob:${TOKEN_B}:readonly,`),
    ).toEqual({
      tokens: [
        { name: 'alice', token: TOKEN_A, readonly: false },
        { name: 'bob', token: TOKEN_B, readonly: true },
      ],
      problems: [],
    });
    expect(parseAdminTokens(undefined)).toEqual({ tokens: [], problems: [] });
  });

  it.each([
    [`alice${TOKEN_A}`, 'use name:token or name:token:readonly'],
    [`alice:${TOKEN_A}:readonly:x`, 'use name:token or name:token:readonly'],
    [`al ice:${TOKEN_A}`, 'the name must be'],
    ['alice:short', 'at least 16 characters'],
    [`alice:${TOKEN_A}:admin`, 'may only be readonly'],
    [`alice:${TOKEN_A},alice:${TOKEN_B}`, 'the name "alice" is used twice'],
    [`alice:${TOKEN_A},bob:${TOKEN_A}`, 'the same token as another name'],
  ])('refuses %s', (value, problem) => {
    expect(parseAdminTokens(value).problems).toEqual([
      expect.stringContaining(problem),
    ]);
  });

  it('never quotes a token back in a problem', () => {
    const problems = parseAdminTokens(
      'alice:secret-part-one:secret-part-two',
    ).problems.join('\n');
    expect(problems).not.toContain('secret');
  });

  it('defaults the admin rate limit, and stops the boot on a bad value', () => {
    delete process.env.ADMIN_TOKENS;
    delete process.env.ADMIN_RATE_LIMIT_PER_MINUTE;
    expect(adminConfig()).toEqual({ tokens: [], rateLimitPerMinute: 300 });
    process.env.ADMIN_RATE_LIMIT_PER_MINUTE = '0';
    expect(() => adminConfig()).toThrow(
      /Invalid admin environment:[\s\S]*ADMIN_RATE_LIMIT_PER_MINUTE: must be at least 1/,
    );
    process.env.ADMIN_RATE_LIMIT_PER_MINUTE = '10';
    process.env.ADMIN_TOKENS = 'alice:short';
    expect(() => adminConfig()).toThrow(/ADMIN_TOKENS entry 1 \(alice\)/);
  });
});
