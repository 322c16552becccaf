import type { Core } from '@strapi/strapi';
import { SYNCED_TYPES } from '../../../shared/contracts/fields';
import type { LocaleProgress } from '../../../shared/contracts/translations';
import { ENTITY_UIDS } from '../store/entity-types';
import type { TableLayout } from '../store/table-layout';
import { errorMessage } from '../utils/error-message';
import { copyMissingEntries } from './locale-copy';
import type { SiteLocales } from './site-locales';

/**
 * Gives every locale of the site a row of every synced entry it lacks: a copy of the source
 * locale's row with its components, media links and relations (linked to the same locale's rows),
 * so a translator starts from Stager's text. Runs in the background after start, when a locale is
 * added, and now and then, in small transactions; several instances may run it at once, since a
 * locale's row of an entry is unique.
 */
export function createLocaleBackfill(
  strapi: Core.Strapi,
  layout: TableLayout,
  locales: SiteLocales
) {
  const copy = { strapi, layout, locales };
  let running: Promise<void> | null = null;
  // A locale added while a fill runs may come after the fill read the site's locales.
  let again = false;

  async function fillAll(): Promise<void> {
    const copied = new Map<string, number>();
    for (const locale of await strapi.db.transaction(({ trx }) => locales.others(trx))) {
      // Organisations first: locations and events link to them in the same locale.
      for (const type of ['organization', 'location', 'event'] as const) {
        let count: number;
        do {
          count = await copyMissingEntries(copy, type, locale);
          copied.set(locale, (copied.get(locale) ?? 0) + count);
        } while (count > 0);
      }
    }
    for (const [locale, count] of copied)
      if (count > 0)
        strapi.log.info(`stager: ${count} synced entries copied to the locale "${locale}"`);
  }

  return {
    /** Starts filling the locales in the background, unless it is running already. */
    async fill(): Promise<void> {
      if (!locales.enabled()) return;
      if (running) again = true;
      running ??= fillAll()
        .catch((error) => {
          strapi.log.warn(
            `stager: copying entries to the site's locales stopped: ${errorMessage(error)}`
          );
        })
        .finally(() => {
          running = null;
          if (again) {
            again = false;
            void this.fill();
          }
        });
      await running;
    },

    /** Each locale's count of synced entries against the source locale's. */
    async progress(): Promise<LocaleProgress[]> {
      if (!locales.enabled()) return [];
      const source = locales.source();
      const counts = new Map<string, number>();
      for (const type of SYNCED_TYPES) {
        const rows = (await strapi.db
          .connection(layout.tableOf(ENTITY_UIDS[type]))
          .select('locale')
          .count({ entries: '*' })
          .groupBy('locale')) as Array<{ locale: string | null; entries: string | number }>;
        for (const row of rows)
          if (row.locale)
            counts.set(row.locale, (counts.get(row.locale) ?? 0) + Number(row.entries));
      }
      const others = await strapi.db.transaction(({ trx }) => locales.others(trx));
      const of = counts.get(source) ?? 0;
      return [source, ...others].map((locale) => ({
        locale,
        source: locale === source,
        entries: counts.get(locale) ?? 0,
        of,
      }));
    },
  };
}

export type LocaleBackfill = ReturnType<typeof createLocaleBackfill>;

/** Fills a locale as soon as it is added to the site in this instance's admin. */
export function fillAddedLocales(strapi: Core.Strapi, backfill: LocaleBackfill): void {
  strapi.db.lifecycles.subscribe({
    models: ['plugin::i18n.locale'],
    afterCreate() {
      void backfill.fill();
    },
  } as never);
}
