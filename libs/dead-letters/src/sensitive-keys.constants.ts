/**
 * Keys whose values are masked wherever a dead letter is shown or logged. Compared without
 * case and without separators (`card_number`, `Card-Number` and `cardNumber` are one key), and
 * also as a suffix (`x-auth-token`, `clientSecret`, `stripeApiKey`, `homePhone`). Email
 * addresses and phone numbers are masked in any string whatever their key; a phone number
 * without separators is only recognised under a key.
 */
export const DEFAULT_SENSITIVE_KEYS: readonly string[] = [
  'password',
  'passwd',
  'pwd',
  'secret',
  'token',
  'authorization',
  'cookie',
  'setCookie',
  'apiKey',
  'privateKey',
  'credentials',
  'cardNumber',
  'creditCard',
  'pan',
  'cvv',
  'cvc',
  'cvv2',
  'pin',
  'iban',
  'ssn',
  'phone',
  'phoneNumber',
  'mobile',
  'msisdn',
];

/** What a masked value is replaced with. */
export const MASK = '***';
