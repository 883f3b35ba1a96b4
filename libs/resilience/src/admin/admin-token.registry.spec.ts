import { AdminTokenRegistry } from './admin-token.registry.js';

const ADMIN = 'admin-token-0123456789';
const READER = 'reader-token-0123456789';
const ALICE = 'alice-token-0123456789';
const BOB = 'bob-token-0123456789';

function registry(
  admin: ConstructorParameters<typeof AdminTokenRegistry>[0]['admin'],
) {
  return new AdminTokenRegistry({ admin });
}

describe('AdminTokenRegistry', () => {
  const tokens = registry({
    token: ADMIN,
    readonlyToken: READER,
    tokens: [
      { name: 'alice', token: ALICE },
      { name: 'bob', token: BOB, readonly: true },
    ],
  });

  it('names the principal of each bearer token, with its access', () => {
    expect(tokens.authenticate(`Bearer ${ADMIN}`)).toEqual({
      name: 'admin',
      access: 'full',
    });
    expect(tokens.authenticate(`Bearer ${READER}`)).toEqual({
      name: 'readonly',
      access: 'read',
    });
    expect(tokens.authenticate(`bearer   ${ALICE} `)).toEqual({
      name: 'alice',
      access: 'full',
    });
    expect(tokens.authenticate(`Bearer ${BOB}`)).toEqual({
      name: 'bob',
      access: 'read',
    });
  });

  it('knows nobody without a known bearer token', () => {
    for (const header of [
      undefined,
      '',
      ALICE,
      `Basic ${ALICE}`,
      `Bearer ${ALICE}x`,
      `Bearer ${ALICE} extra`,
    ]) {
      expect(tokens.authenticate(header)).toBeUndefined();
    }
    expect(AdminTokenRegistry.presentsBearer(undefined)).toBe(false);
    expect(AdminTokenRegistry.presentsBearer('Basic abc')).toBe(false);
    expect(AdminTokenRegistry.presentsBearer('Bearer nope')).toBe(true);
  });

  it('refuses at boot a name used twice, a token given to two names, or a malformed name', () => {
    expect(() =>
      registry({ token: ADMIN, tokens: [{ name: 'admin', token: ALICE }] }),
    ).toThrow('admin token name "admin" is used twice');
    expect(() =>
      registry({
        tokens: [
          { name: 'alice', token: ALICE },
          { name: 'carol', token: ALICE },
        ],
      }),
    ).toThrow('admin token "carol" is the same token as another name\'s');
    expect(() =>
      registry({ tokens: [{ name: 'al ice', token: ALICE }] }),
    ).toThrow('admin token name "al ice"');
  });

  it('lists the configured names', () => {
    expect(tokens.names().sort()).toEqual([
      'admin',
      'alice',
      'bob',
      'readonly',
    ]);
    expect(registry(undefined).names()).toEqual([]);
  });
});
