import { isDeepStrictEqual } from 'node:util';
import type { Core } from '@strapi/strapi';
import type { SyncedType } from '../../../shared/contracts/fields';
import {
  PER_LANGUAGE_FIELDS,
  TRANSLATION_FIELD,
  type TranslationState,
} from '../../../shared/contracts/translations';
import { ENTITY_UIDS } from '../store/entity-types';
import type { SiteLocales } from './site-locales';

const TYPE_OF = Object.fromEntries(
  Object.entries(ENTITY_UIDS).map(([type, uid]) => [uid, type as SyncedType])
);

interface WriteParams {
  documentId?: string;
  locale?: string;
  data?: Record<string, unknown>;
}

const blank = (value: unknown) => (value === undefined || value === '' ? null : value);

/**
 * A save of a synced entry in a locale other than Stager's (the Content Manager, or any caller of
 * the document service) makes each per-language field it changes the translator's: the sync leaves
 * that field alone in that locale from then on. The bookkeeping field is the plugin's alone.
 */
export function recordTranslations(strapi: Core.Strapi, localesOf: () => SiteLocales): void {
  strapi.documents.use(async (context, next) => {
    const locales = localesOf();
    const type = TYPE_OF[context.uid];
    const params = context.params as WriteParams;
    if (!type || !['update', 'create'].includes(context.action) || !params.data) return next();
    const { [TRANSLATION_FIELD]: _ignored, ...data } = params.data;
    params.data = data;
    // Before the plugin started (another plugin's bootstrap), no save is a translator's.
    const source = locales.sourceRows().locale;
    if (!source || !params.locale || params.locale === source) return next();

    const before = await storedWords(strapi, type, params, source);
    const written = PER_LANGUAGE_FIELDS[type].filter(
      (field) => field in data && !isDeepStrictEqual(blank(data[field]), blank(before.words[field]))
    );
    if (written.length > 0) {
      const now = new Date().toISOString();
      const translatedAt = { ...before.state?.translatedAt };
      for (const field of written) translatedAt[field] = now;
      params.data = { ...data, [TRANSLATION_FIELD]: { ...before.state, translatedAt } };
    }
    return next();
  });
}

/**
 * The words an entry has in the locale being saved, or, for a locale not created yet, the source
 * locale's: the text the translator started from.
 */
async function storedWords(
  strapi: Core.Strapi,
  type: SyncedType,
  params: WriteParams,
  sourceLocale: string
): Promise<{ words: Record<string, unknown>; state: TranslationState | null }> {
  if (!params.documentId) return { words: {}, state: null };
  const fields = [...PER_LANGUAGE_FIELDS[type], TRANSLATION_FIELD];
  const read = (locale: string) =>
    strapi.db.query(ENTITY_UIDS[type] as never).findOne({
      select: fields,
      where: { documentId: params.documentId, locale },
    }) as Promise<Record<string, unknown> | null>;
  const inLocale = await read(params.locale as string);
  if (inLocale)
    return { words: inLocale, state: (inLocale[TRANSLATION_FIELD] as TranslationState) ?? null };
  return { words: (await read(sourceLocale)) ?? {}, state: null };
}
