import type { Core } from '@strapi/strapi';
import { pluginConfig } from '../config';
import { ENTITY_UIDS } from '../store/entity-types';

const SYNCED_UIDS: string[] = Object.values(ENTITY_UIDS);
const DOCUMENTS_PER_STATEMENT = 500;

interface ManyEvent {
  model: { uid: string };
  params: { where?: Record<string, unknown>; data?: Record<string, unknown> };
}

/**
 * Turning `i18n.enabled` off keeps the source locale's rows, Stager's own, even where the source
 * locale is not the site's default. Strapi's migration keeps the default locale's rows: before the
 * schema sync it deletes the others and clears the locale of the rest, two statements at once.
 * Before either runs, the source locale's rows take the place of the default locale's.
 */
export function keepSourceRowsWhenSwitchedOff(strapi: Core.Strapi): void {
  const { enabled, sourceLocale } = pluginConfig(strapi).i18n;
  if (enabled || !sourceLocale) return;
  const swaps = new Map<string, Promise<void>>();
  const swapOnce = (uid: string, defaultLocale: string) => {
    let swap = swaps.get(uid);
    if (!swap)
      swaps.set(uid, (swap = putSourceInDefaultsPlace(strapi, uid, sourceLocale, defaultLocale)));
    return swap;
  };

  strapi.db.lifecycles.subscribe({
    models: SYNCED_UIDS,
    async beforeDeleteMany({ model, params }: ManyEvent) {
      const defaultLocale = (params.where?.locale as { $ne?: unknown } | undefined)?.$ne;
      if (Object.keys(params.where ?? {}).length === 1 && typeof defaultLocale === 'string')
        await swapOnce(model.uid, defaultLocale);
    },
    async beforeUpdateMany({ model, params }: ManyEvent) {
      const defaultLocale = (params.where?.locale as { $eq?: unknown } | undefined)?.$eq;
      const clearsLocale = params.data?.locale === null && Object.keys(params.data).length === 1;
      if (clearsLocale && typeof defaultLocale === 'string')
        await swapOnce(model.uid, defaultLocale);
    },
  } as never);
}

/** Deletes the default locale's copies of the entries Stager wrote, and gives their locale to Stager's rows. */
async function putSourceInDefaultsPlace(
  strapi: Core.Strapi,
  uid: string,
  sourceLocale: string,
  defaultLocale: string
): Promise<void> {
  if (sourceLocale === defaultLocale) return;
  const table = () => strapi.db.connection(strapi.db.metadata.get(uid).tableName);
  const kept = (await table().select('document_id').where('locale', sourceLocale)) as Array<{
    document_id: string;
  }>;
  if (kept.length === 0) return;
  for (let start = 0; start < kept.length; start += DOCUMENTS_PER_STATEMENT) {
    const documentIds = kept
      .slice(start, start + DOCUMENTS_PER_STATEMENT)
      .map((row) => row.document_id);
    await table().whereIn('document_id', documentIds).where('locale', defaultLocale).delete();
  }
  await table().where('locale', sourceLocale).update({ locale: defaultLocale });
  strapi.log.info(
    `stager: ${kept.length} ${uid} entries kept in "${sourceLocale}", Stager's language, now that the plugin's types have no locales`
  );
}
