import type { Core } from '@strapi/strapi';
import { ENTITY_UIDS } from '../store/entity-types';

/**
 * Turning `i18n.enabled` on for a site with synced entries: Strapi's migration puts them in the
 * default locale; where Stager writes another (the source locale), they become the source
 * locale's, since they hold Stager's text. Done once, while the source locale has none of them.
 */
export async function adoptRowsAsSource(
  strapi: Core.Strapi,
  sourceLocale: string,
  defaultLocale: string | undefined
): Promise<void> {
  if (!defaultLocale || defaultLocale === sourceLocale) return;
  for (const uid of Object.values(ENTITY_UIDS)) {
    const table = () => strapi.db.connection(strapi.db.metadata.get(uid).tableName);
    const [source] = (await table().count({ rows: '*' }).where('locale', sourceLocale)) as Array<{
      rows: string | number;
    }>;
    if (Number(source.rows) > 0) continue;
    const adopted = await table().where('locale', defaultLocale).update({ locale: sourceLocale });
    if (Number(adopted) > 0)
      strapi.log.info(
        `stager: ${adopted} ${uid} entries moved to "${sourceLocale}", the language of Stager's text`
      );
  }
}
