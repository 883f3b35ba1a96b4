/** One language range of an `Accept-Language` header with its weight. */
export interface LanguageRange {
  /** Lower-cased range, for example `de-ch` or `*`. */
  range: string;
  /** Weight between 0 and 1; 0 means "not acceptable". */
  q: number;
}

// A hostile header must not cost more than a glance: longer input is cut, not parsed.
const MAX_HEADER_LENGTH = 1024;
const MAX_RANGES = 32;
const RANGE_PATTERN = /^(?:\*|[a-z]{1,8}(?:-[a-z0-9]{1,8})*)$/;
const Q_PATTERN = /^q=(0(?:\.\d{0,3})?|1(?:\.0{0,3})?)$/;

/**
 * Parses an `Accept-Language` header (RFC 9110 §12.5.4) into ranges ordered by weight, highest
 * first, keeping the header's order between equal weights. Malformed ranges are skipped rather
 * than rejected: a bad header must never turn into an error response.
 */
export function parseAcceptLanguage(
  header: string | undefined,
): LanguageRange[] {
  if (!header) return [];
  const ranges: LanguageRange[] = [];
  for (const part of header
    .slice(0, MAX_HEADER_LENGTH)
    .split(',')
    .slice(0, MAX_RANGES)) {
    const [rawRange, ...params] = part
      .split(';')
      .map((p) => p.trim().toLowerCase());
    if (!rawRange || !RANGE_PATTERN.test(rawRange)) continue;
    let q = 1;
    for (const param of params) {
      const match = Q_PATTERN.exec(param.replace(/\s+/g, ''));
      if (match) q = Number(match[1]);
    }
    ranges.push({ range: rawRange, q });
  }
  // Array#sort is stable, so equal weights keep the client's order.
  return ranges.sort((a, b) => b.q - a.q);
}

/**
 * Picks the best of `supported` languages for an `Accept-Language` header with RFC 4647
 * "lookup": a range matches a supported tag equal to it or to one of its prefixes
 * (`de-CH` → `de`); `*` matches the first supported language not refused with `q=0`.
 *
 * @param supported lower-case language tags, the fallback among them
 * @param fallback answered when nothing acceptable is supported
 */
export function negotiateLanguage(
  header: string | undefined,
  supported: readonly string[],
  fallback: string,
): string {
  const ranges = parseAcceptLanguage(header);
  const refused = new Set(ranges.filter((r) => r.q === 0).map((r) => r.range));
  for (const { range, q } of ranges) {
    if (q === 0) continue;
    if (range === '*') {
      return supported.find((tag) => !refused.has(tag)) ?? fallback;
    }
    const subtags = range.split('-');
    for (let length = subtags.length; length > 0; length--) {
      const candidate = subtags.slice(0, length).join('-');
      if (supported.includes(candidate) && !refused.has(candidate))
        return candidate;
    }
  }
  return fallback;
}
