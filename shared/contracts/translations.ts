import type { SyncedType } from './fields';

/**
 * With `i18n.enabled`, the fields kept per language: the words a reader reads. Every other field
 * has one value in all languages and follows Stager in each.
 */
export const PER_LANGUAGE_FIELDS = {
  event: ['name', 'subtitle', 'text', 'textHtml', 'editorialText'],
  location: ['name'],
  organization: ['name'],
} as const satisfies Record<SyncedType, readonly string[]>;

/** The private field of each locale's row that says who wrote its words, and when. */
export const TRANSLATION_FIELD = 'translation';

/**
 * In the source locale's row: when Stager last changed each per-language field. In a translated
 * locale's row: when a translator wrote each field, which the sync then leaves alone.
 */
export interface TranslationState {
  sourceChangedAt?: Record<string, string>;
  translatedAt?: Record<string, string>;
}

/** The per-language fields whose translation is older than Stager's latest change of the source. */
export function staleTranslations(
  source: TranslationState | null | undefined,
  translation: TranslationState | null | undefined
): string[] {
  const translatedAt = translation?.translatedAt ?? {};
  const sourceChangedAt = source?.sourceChangedAt ?? {};
  return Object.keys(translatedAt).filter(
    (field) => sourceChangedAt[field] !== undefined && sourceChangedAt[field] > translatedAt[field]
  );
}

/** With `i18n.enabled`, how many synced entries a locale of the site has, of the source locale's. */
export interface LocaleProgress {
  locale: string;
  /** The locale Stager's text is written in. */
  source: boolean;
  entries: number;
  of: number;
}
