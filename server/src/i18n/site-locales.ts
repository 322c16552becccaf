import type { Core } from '@strapi/strapi';
import type { FieldAuthority, SyncedType } from '../../../shared/contracts/fields';
import { PER_LANGUAGE_FIELDS } from '../../../shared/contracts/translations';
import { ConfigError, pluginConfig } from '../config';
import { adoptRowsAsSource } from './switch-on';
import { errorMessage } from '../utils/error-message';
import type { Transaction } from '../store/sync-guard';

const LOCALE_UID = 'plugin::i18n.locale';

interface LocalesService {
  find(): Promise<Array<{ code: string }>>;
  findByCode(code: string): Promise<{ code: string } | null>;
  create(locale: { code: string; name: string }): Promise<unknown>;
  getDefaultLocale(): Promise<string | undefined>;
}

interface IsoLocalesService {
  getIsoLocales(): Array<{ code: string; name: string }>;
}

/**
 * The languages the synced types are kept in: the source locale, which Stager's text is written
 * in, and the site's other locales, which start from Stager's text until a translator writes theirs.
 * Locales are read from the database where they are needed, so a locale another instance added
 * is known here at once.
 */
export function createSiteLocales(strapi: Core.Strapi) {
  let sourceLocale: string | null = null;
  const enabled = () => pluginConfig(strapi).i18n.enabled;
  const i18nService = <T>(name: string) => strapi.plugin('i18n').service(name) as unknown as T;
  const table = () => strapi.db.metadata.get(LOCALE_UID).tableName;

  return {
    enabled,

    /** The locale Stager's text is written in. Known once `start` has run. */
    source(): string {
      if (!sourceLocale)
        throw new Error('stager: the source locale is read before the plugin started');
      return sourceLocale;
    },

    /** The condition that picks, among an entry's rows, its source locale's: `{}` without locales. */
    sourceRows(): { locale?: string } {
      return enabled() && sourceLocale ? { locale: sourceLocale } : {};
    },

    /** The words of `type` set in `i18n.fieldAuthority` for `locale` to `authority`. */
    wordsWith(type: SyncedType, locale: string, authority: FieldAuthority): string[] {
      const set = pluginConfig(strapi).i18n.fieldAuthority[locale]?.[type] ?? {};
      return Object.keys(set).filter((field) => set[field as keyof typeof set] === authority);
    },

    /**
     * The fields a save in `locale` may change although Stager owns them: outside the source
     * locale, the words, but those the locale keeps Stager's.
     */
    translatorsFields(type: SyncedType, locale: string | undefined): readonly string[] {
      if (!enabled() || !sourceLocale || !locale || locale === sourceLocale) return [];
      const mirrored = this.wordsWith(type, locale, 'stager');
      return PER_LANGUAGE_FIELDS[type].filter((field) => !mirrored.includes(field));
    },

    /** Every locale of the site but the source, in the transaction's view. */
    async others(trx: Transaction): Promise<string[]> {
      const rows = (await trx(table()).select('code').orderBy('code')) as Array<{ code: string }>;
      return rows.map(({ code }) => code).filter((code) => code !== sourceLocale);
    },

    /** Resolves the source locale and creates it when the site does not have it yet. */
    async start(): Promise<void> {
      if (!enabled()) return;
      const locales = i18nService<LocalesService>('locales');
      const { sourceLocale: configured, fieldAuthority } = pluginConfig(strapi).i18n;
      const defaultLocale = await locales.getDefaultLocale();
      const code = configured || defaultLocale || 'en';
      if (fieldAuthority[code])
        throw new ConfigError(
          `plugin stager: option "i18n.fieldAuthority" (STAGER_I18N_FIELD_AUTHORITY): "${code}" is the source locale, whose words follow "fieldAuthority"; name the other locales only`
        );
      if (!(await locales.findByCode(code))) whenLoaded(strapi, () => createLocale(code));
      await adoptRowsAsSource(strapi, code, defaultLocale);
      sourceLocale = code;
    },
  };

  /**
   * Creates the source locale as Strapi creates its default one. Creating a locale gives the Super
   * Admin role its permissions, which needs the admin's actions: only once every plugin started.
   */
  async function createLocale(code: string): Promise<void> {
    const known = i18nService<IsoLocalesService>('iso-locales')
      .getIsoLocales()
      .find((locale) => locale.code.toLowerCase() === code.toLowerCase());
    try {
      await i18nService<LocalesService>('locales').create({ code, name: known?.name ?? code });
      strapi.log.info(
        `stager: created the locale "${code}", the language of Stager's text (i18n.sourceLocale)`
      );
    } catch (error) {
      // Another instance of the site may have created it at the same time.
      const created = await i18nService<LocalesService>('locales')
        .findByCode(code)
        .catch(() => null);
      if (!created)
        strapi.log.error(
          `stager: the locale "${code}" (i18n.sourceLocale) could not be created: ${errorMessage(error)}; add it in Settings → Internationalization`
        );
    }
  }
}

/** Runs `work` once Strapi has loaded: every plugin registered and started. */
function whenLoaded(strapi: Core.Strapi, work: () => Promise<void>): void {
  const check = () => {
    if (strapi.isLoaded) work().catch(() => undefined);
    else setTimeout(check, 20).unref();
  };
  check();
}

export type SiteLocales = ReturnType<typeof createSiteLocales>;
