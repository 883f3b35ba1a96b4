import { MASK } from './sensitive-keys.constants.js';
import { SensitiveDataMasker } from './sensitive-data.masker.js';

describe('SensitiveDataMasker', () => {
  const masker = new SensitiveDataMasker();

  it('masks sensitive keys whatever their case or separators, nested in objects and arrays', () => {
    const input = {
      user: 'ada',
      Password: 'hunter2',
      card_number: '4111111111111111',
      profile: {
        'X-Api-Key': 'k-1',
        cvv: '123',
        items: [{ token: 't', sku: 'a1' }],
      },
      headers: { Authorization: 'Bearer abc', accept: 'application/json' },
    };
    expect(masker.mask(input)).toEqual({
      user: 'ada',
      Password: MASK,
      card_number: MASK,
      profile: {
        'X-Api-Key': MASK,
        cvv: MASK,
        items: [{ token: MASK, sku: 'a1' }],
      },
      headers: { Authorization: MASK, accept: 'application/json' },
    });
  });

  it('never mutates its input', () => {
    const input = { password: 'p', nested: { secret: 's' } };
    masker.mask(input);
    expect(input).toEqual({ password: 'p', nested: { secret: 's' } });
  });

  it('matches long keys as suffixes but short ones only exactly', () => {
    expect(masker.isSensitiveKey('clientSecret')).toBe(true);
    expect(masker.isSensitiveKey('x-auth-token')).toBe(true);
    expect(masker.isSensitiveKey('stripeApiKey')).toBe(true);
    expect(masker.isSensitiveKey('pan')).toBe(true);
    expect(masker.isSensitiveKey('company')).toBe(false);
    expect(masker.isSensitiveKey('shipping')).toBe(false);
  });

  it('uses the configured keys instead of the defaults', () => {
    const custom = new SensitiveDataMasker(['taxId']);
    expect(custom.mask({ tax_id: '1', password: 'p' })).toEqual({
      tax_id: MASK,
      password: 'p',
    });
  });

  it('masks Luhn-valid card numbers in any string but leaves other digit runs', () => {
    expect(masker.maskText('paid with 4111 1111 1111 1111 today')).toBe(
      `paid with ${MASK}1111 today`,
    );
    expect(masker.maskText('order 1234567890123 shipped')).toBe(
      'order 1234567890123 shipped',
    );
    expect(masker.mask({ note: 'card 5555555555554444' })).toEqual({
      note: `card ${MASK}4444`,
    });
  });

  it('masks credentials and sensitive pairs in free text', () => {
    expect(masker.maskText('login failed password=hunter2 user=ada')).toBe(
      `login failed password=${MASK} user=ada`,
    );
    expect(masker.maskText('{"token":"abc","id":"1"}')).toBe(
      `{"token":"${MASK}","id":"1"}`,
    );
    expect(masker.maskText('header Bearer eyJhbGciOi.x.y sent')).toBe(
      `header Bearer ${MASK} sent`,
    );
  });

  it('masks email addresses in any string, keeping the domain', () => {
    expect(
      masker.mask({
        contact: 'ada.lovelace+dlq@example.co.uk',
        note: 'forwarded by bob@mail.example.com.',
      }),
    ).toEqual({
      contact: `${MASK}@example.co.uk`,
      note: `forwarded by ${MASK}@mail.example.com.`,
    });
  });

  it('masks phone numbers in any string, keeping the last two digits', () => {
    expect(masker.maskText('call +49 170 1234567 or +1 (555) 123-4567')).toBe(
      `call ${MASK}67 or ${MASK}67`,
    );
    expect(masker.maskText('office 030/12345678, desk 555.123.4567')).toBe(
      `office ${MASK}78, desk ${MASK}67`,
    );
    expect(masker.mask({ phone: '01701234567', homePhone: '0170 1' })).toEqual({
      phone: MASK,
      homePhone: MASK,
    });
  });

  it('leaves dates, times, addresses, versions and order numbers alone', () => {
    for (const text of [
      'at 2024-01-05T10:00:00.000Z',
      'at 2024-01-05 10:00:00',
      'host 192.168.100.200:5432',
      'order 1234567890123 shipped',
      'id 123e4567-e89b-12d3-a456-426614174000',
      'version 1.2.3, 10:30-11:45, zip 01234',
    ]) {
      expect(masker.maskText(text)).toBe(text);
    }
  });

  it('masks user, password and sensitive query parameters of URLs', () => {
    expect(
      masker.maskUrl('http://bob:pw@127.0.0.1:8080/hook?token=abc&page=2'),
    ).toBe(`http://${MASK}:${MASK}@127.0.0.1:8080/hook?token=${MASK}&page=2`);
    expect(masker.maskUrl('amqp:orders')).toBe('amqp:orders');
  });

  it('replaces values nested beyond the depth limit rather than showing them', () => {
    let deep: Record<string, unknown> = { password: 'p' };
    for (let i = 0; i < 40; i++) deep = { next: deep };
    expect(JSON.stringify(masker.mask(deep))).not.toContain('"p"');
  });
});
