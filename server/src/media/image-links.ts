import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import type { Transaction } from '../store/sync-guard';

/** The image component and its media field, whose links this module writes. */
export const IMAGE_COMPONENT_UID = 'stager.image';
export const MEDIA_FIELD = 'media';
/** The component's column the file was made from. */
export const SOURCE_URL_COLUMN = 'url';

/**
 * The upload plugin links files to entries and components in one morph table
 * (`files_related_mph`: file id, related id, related type, field, order). Read from its metadata,
 * so a rename in Strapi shows as an error here rather than as missing links.
 */
interface MorphLinks {
  table: string;
  fileColumn: string;
  idColumn: string;
  typeColumn: string;
  fieldColumn: string;
  orderColumn: string;
}

const ROWS_PER_STATEMENT = 200;

export function morphLinksOf(strapi: Core.Strapi): MorphLinks {
  const related = (
    strapi.db.metadata.get('plugin::upload.file').attributes as Record<string, unknown>
  ).related as {
    joinTable: {
      name: string;
      joinColumn: { name: string };
      morphColumn: { idColumn: { name: string }; typeColumn: { name: string } };
    };
  };
  const { joinTable } = related;
  return {
    table: joinTable.name,
    fileColumn: joinTable.joinColumn.name,
    idColumn: joinTable.morphColumn.idColumn.name,
    typeColumn: joinTable.morphColumn.typeColumn.name,
    fieldColumn: 'field',
    orderColumn: 'order',
  };
}

/** Links between stored files and the image components made from the same URL. */
export function createImageLinks(strapi: Core.Strapi) {
  const knex = (): Knex => strapi.db.connection;
  const componentTable = () => strapi.db.metadata.get(IMAGE_COMPONENT_UID).tableName;

  /** Image component rows with one of these URLs whose media field links no file. */
  async function unlinkedRows(urls: string[]): Promise<Array<{ id: number; url: string }>> {
    const links = morphLinksOf(strapi);
    const rows: Array<{ id: number; url: string }> = [];
    for (let start = 0; start < urls.length; start += ROWS_PER_STATEMENT) {
      const chunk = urls.slice(start, start + ROWS_PER_STATEMENT);
      const found = await knex()(`${componentTable()} as image`)
        .select('image.id as id', `image.${SOURCE_URL_COLUMN} as url`)
        .whereIn(`image.${SOURCE_URL_COLUMN}`, chunk)
        .whereNotExists(
          knex()(`${links.table} as link`)
            .select(knex().raw('1'))
            .whereRaw('?? = ??', [`link.${links.idColumn}`, 'image.id'])
            .where(`link.${links.typeColumn}`, IMAGE_COMPONENT_UID)
            .where(`link.${links.fieldColumn}`, MEDIA_FIELD)
        );
      rows.push(...found.map((row) => ({ id: Number(row.id), url: row.url as string })));
    }
    return rows;
  }

  return {
    /**
     * Links each stored file to every image component made from its URL that has no file yet;
     * a component an editor gave another file keeps it. Returns how many were linked.
     */
    async linkStored(fileIdsByUrl: Map<string, number>): Promise<number> {
      if (fileIdsByUrl.size === 0) return 0;
      const links = morphLinksOf(strapi);
      const rows = await unlinkedRows([...fileIdsByUrl.keys()]);
      const inserts = rows.map(({ id, url }) => ({
        [links.fileColumn]: fileIdsByUrl.get(url),
        [links.idColumn]: id,
        [links.typeColumn]: IMAGE_COMPONENT_UID,
        [links.fieldColumn]: MEDIA_FIELD,
        [links.orderColumn]: 1,
      }));
      for (let start = 0; start < inserts.length; start += ROWS_PER_STATEMENT)
        await knex()(links.table).insert(inserts.slice(start, start + ROWS_PER_STATEMENT));
      return inserts.length;
    },

    /** URLs among these that some image component uses but that has no file linked. */
    async urlsWithUnlinkedRows(urls: string[]): Promise<Set<string>> {
      return new Set((await unlinkedRows(urls)).map(({ url }) => url));
    },

    /** How many links of any entry or component, the plugin's or an editor's, each file has. */
    async linkCounts(fileIds: number[]): Promise<Map<number, number>> {
      const links = morphLinksOf(strapi);
      const counts = new Map<number, number>();
      for (let start = 0; start < fileIds.length; start += ROWS_PER_STATEMENT) {
        const rows = await knex()(links.table)
          .select(links.fileColumn)
          .count({ links: '*' })
          .whereIn(links.fileColumn, fileIds.slice(start, start + ROWS_PER_STATEMENT))
          .groupBy(links.fileColumn);
        for (const row of rows as Array<Record<string, unknown>>)
          counts.set(Number(row[links.fileColumn]), Number(row.links));
      }
      return counts;
    },
  };
}

/**
 * Removes the media links of image components, inside the sync's transaction: components whose
 * URL changed in place, and components deleted.
 */
export async function detachMedia(
  strapi: Core.Strapi,
  trx: Transaction,
  componentUid: string,
  componentIds: number[]
): Promise<void> {
  if (componentIds.length === 0) return;
  const links = morphLinksOf(strapi);
  for (let start = 0; start < componentIds.length; start += ROWS_PER_STATEMENT) {
    await trx(links.table)
      .whereIn(links.idColumn, componentIds.slice(start, start + ROWS_PER_STATEMENT))
      .where(links.typeColumn, componentUid)
      .delete();
  }
}

/** Gives each copied image component the file its original links, inside the copy's transaction. */
export async function copyMediaLinks(
  strapi: Core.Strapi,
  trx: Transaction,
  componentUid: string,
  copies: Array<[originalId: number, copyId: number]>
): Promise<void> {
  const links = morphLinksOf(strapi);
  const copyOf = new Map(copies);
  for (let start = 0; start < copies.length; start += ROWS_PER_STATEMENT) {
    const originals = copies.slice(start, start + ROWS_PER_STATEMENT).map(([original]) => original);
    const rows = (await trx(links.table)
      .select([links.fileColumn, links.idColumn, links.fieldColumn, links.orderColumn])
      .whereIn(links.idColumn, originals)
      .where(links.typeColumn, componentUid)) as Array<Record<string, unknown>>;
    if (rows.length === 0) continue;
    await trx(links.table).insert(
      rows.map((row) => ({
        ...row,
        [links.idColumn]: copyOf.get(Number(row[links.idColumn])),
        [links.typeColumn]: componentUid,
      }))
    );
  }
}
