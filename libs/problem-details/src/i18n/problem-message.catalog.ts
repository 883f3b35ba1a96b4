import type { ProblemCode } from '@nest-resilience/resilience';
import { negotiateLanguage } from './accept-language.parser.js';
import { PROBLEM_CATALOG_DE } from './problem-catalog-de.constants.js';
import { PROBLEM_CATALOG_EN } from './problem-catalog-en.constants.js';
import { PROBLEM_CATALOG_FR } from './problem-catalog-fr.constants.js';
import type {
  ProblemCatalog,
  ProblemMessage,
} from './problem-catalog.interface.js';

/** The language every lookup falls back to. */
export const DEFAULT_PROBLEM_LANGUAGE = 'en';

/**
 * Localised `title` and generic `detail` of every problem code. Only the text changes with the
 * language, never the code, status or type. Field messages of validation errors are not
 * translated: they stay as class-validator produced them (English).
 *
 * A plain class rather than a provider: the exception filter builds it from its options
 * (`catalogs`), so the filter also works when created with `new` outside the container.
 */
export class ProblemMessageCatalog {
  private readonly catalogs: ReadonlyMap<string, ProblemCatalog>;

  /**
   * @param extra catalogs to add or replace, by lower-case language tag (`es`, `de-ch`);
   *   English stays the fallback
   */
  constructor(extra: Readonly<Record<string, ProblemCatalog>> = {}) {
    this.catalogs = new Map<string, ProblemCatalog>([
      [DEFAULT_PROBLEM_LANGUAGE, PROBLEM_CATALOG_EN],
      ['de', PROBLEM_CATALOG_DE],
      ['fr', PROBLEM_CATALOG_FR],
      ...Object.entries(extra).map(
        ([tag, catalog]) => [tag.toLowerCase(), catalog] as const,
      ),
    ]);
  }

  /** Language tags with a catalog, the fallback first. */
  get languages(): string[] {
    return [...this.catalogs.keys()];
  }

  /** The best supported language for an `Accept-Language` header, English when none fits. */
  negotiate(acceptLanguage: string | undefined): string {
    return negotiateLanguage(
      acceptLanguage,
      this.languages,
      DEFAULT_PROBLEM_LANGUAGE,
    );
  }

  /** Title and generic detail of `code` in `language`, English where it has no catalog. */
  get(code: ProblemCode, language: string): ProblemMessage {
    const catalog = this.catalogs.get(language) ?? PROBLEM_CATALOG_EN;
    return catalog[code];
  }
}
