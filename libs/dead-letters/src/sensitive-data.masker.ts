import { DEFAULT_SENSITIVE_KEYS, MASK } from './sensitive-keys.constants.js';

/** Deepest nesting the masker walks; deeper values are replaced whole, never shown unmasked. */
const MAX_DEPTH = 32;

/** 13 to 19 digits, optionally grouped by spaces or dashes: the shape of a card number. */
const CARD_CANDIDATE = /\b\d(?:[ -]?\d){12,18}\b/g;

/** `key=value`, `key: value` and `"key":"value"` inside free text (query strings, messages). */
const KEY_VALUE = /([A-Za-z][\w-]*)("?\s*[:=]\s*"?)([^\s"&,;}]+)/g;

/** A bearer credential in free text. */
const BEARER = /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi;

/** An email address; the domain is kept, it tells an operator where the message came from. */
const EMAIL =
  /(?<![\w.%+-])[A-Za-z0-9._%+-]+@((?:[A-Za-z0-9-]+\.)+[A-Za-z]{2,})(?![\w-])/g;

// Phone numbers, each shape with its digit count checked below: international (`+49 170
// 1234567`, `+1 (555) 123-4567`), North American (`(555) 123-4567`, `555.123.4567`) and
// national with a trunk 0 (`0170 1234567`, `030/12345678`). Separators are required where no
// `+` marks a number, so order numbers, dates, times and IP addresses are left alone.
const PHONE =
  /(?<![\w+./-])(?:\+\d[\d ()./-]{5,22}\d|(?:\(\d{3}\) ?|\d{3}[ .-])\d{3}[ .-]\d{4}|0\d{2,4}(?:[ /-]\d{2,8}){1,3})(?![\w-]|\.\d)/g;

/**
 * Whether a match has the digits of a phone number: at least 7 with a `+`, else 9. No upper
 * bound: a number run together with the next one is masked with it rather than shown.
 */
function isPhoneNumber(match: string, digits: string): boolean {
  return digits.length >= (match.startsWith('+') ? 7 : 9);
}

// Keys shorter than this only match exactly: as suffixes they would hit innocent keys
// ('pan' in 'company', 'pin' in 'shipping').
const MIN_SUFFIX_LENGTH = 5;

function normalize(key: string): string {
  return key.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** Luhn checksum: tells card numbers from order numbers and timestamps of the same length. */
function passesLuhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let digit = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

/**
 * Masks sensitive data in what the dead letter queue shows and logs: values under a sensitive
 * key (case-insensitive, separators ignored, nested objects and arrays included), and in any
 * string card numbers (Luhn-valid digit runs, last 4 digits kept), email addresses (domain
 * kept), phone numbers (last 2 digits kept) and credentials in URLs. Never mutates its input:
 * the stored original is what a replay delivers.
 */
export class SensitiveDataMasker {
  private readonly exact: ReadonlySet<string>;
  private readonly suffixes: readonly string[];

  /** @param keys sensitive keys @default DEFAULT_SENSITIVE_KEYS */
  constructor(keys: readonly string[] = DEFAULT_SENSITIVE_KEYS) {
    const normalized = keys.map(normalize).filter((key) => key.length > 0);
    this.exact = new Set(normalized);
    this.suffixes = normalized.filter((key) => key.length >= MIN_SUFFIX_LENGTH);
  }

  /** Whether values under `key` are masked. */
  isSensitiveKey(key: string): boolean {
    const normalized = normalize(key);
    if (this.exact.has(normalized)) return true;
    return this.suffixes.some((suffix) => normalized.endsWith(suffix));
  }

  /** A masked deep copy of `value`. */
  mask<T>(value: T): T {
    return this.walk(value, 0) as T;
  }

  /** `text` with card numbers, emails, phone numbers, credentials and `secret=value` pairs masked. */
  maskText(text: string): string {
    return text
      .replace(BEARER, (_match, scheme: string) => `${scheme} ${MASK}`)
      .replace(KEY_VALUE, (match, key: string, separator: string) =>
        this.isSensitiveKey(key) ? `${key}${separator}${MASK}` : match,
      )
      .replace(CARD_CANDIDATE, (match) => {
        const digits = match.replace(/[ -]/g, '');
        return passesLuhn(digits) ? `${MASK}${digits.slice(-4)}` : match;
      })
      .replace(EMAIL, (_match, domain: string) => `${MASK}@${domain}`)
      .replace(PHONE, (match) => {
        const digits = match.replace(/\D/g, '');
        return isPhoneNumber(match, digits)
          ? `${MASK}${digits.slice(-2)}`
          : match;
      });
  }

  /** `url` with its user and password masked, and sensitive query parameters. */
  maskUrl(url: string): string {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      return this.maskText(url);
    }
    if (parsed.username) parsed.username = MASK;
    if (parsed.password) parsed.password = MASK;
    for (const key of new Set(parsed.searchParams.keys())) {
      if (this.isSensitiveKey(key)) parsed.searchParams.set(key, MASK);
    }
    return this.maskText(parsed.toString());
  }

  private walk(value: unknown, depth: number): unknown {
    if (typeof value === 'string') return this.maskText(value);
    if (typeof value !== 'object' || value === null) return value;
    if (depth >= MAX_DEPTH) return MASK;
    if (Array.isArray(value)) {
      return value.map((item) => this.walk(item, depth + 1));
    }
    const masked: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      masked[key] =
        this.isSensitiveKey(key) && item !== null && item !== undefined
          ? MASK
          : this.walk(item, depth + 1);
    }
    return masked;
  }
}
