import { createHash } from 'node:crypto';
import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import type { MediaState } from '../../../shared/contracts/history';
import { newDocumentId } from '../store/table-layout';
import type { MessageImage } from './images-of-message';

export const MEDIA_SOURCE_UID = 'plugin::stager.media-source';

/** What the plugin knows of one image URL of the feed. */
export interface MediaSource {
  id: number;
  urlHash: string;
  sourceUrl: string;
  /** The alternative text and name the feed gave the image first. */
  alt: string | null;
  label: string | null;
  state: MediaState;
  reason: string | null;
  attempts: number;
  fileId: number | null;
  sha256: string | null;
  orphanedAt: Date | null;
}

const ROWS_PER_STATEMENT = 200;
const chunksOf = <T>(items: T[]): T[][] =>
  Array.from({ length: Math.ceil(items.length / ROWS_PER_STATEMENT) }, (_, index) =>
    items.slice(index * ROWS_PER_STATEMENT, (index + 1) * ROWS_PER_STATEMENT)
  );

/** URLs can be longer than an index allows: they are looked up by their sha256. */
export const urlHashOf = (url: string) => createHash('sha256').update(url).digest('hex');

const fromRow = (row: Record<string, unknown>): MediaSource => ({
  id: Number(row.id),
  urlHash: row.url_hash as string,
  sourceUrl: row.source_url as string,
  alt: (row.alt as string | null) ?? null,
  label: (row.label as string | null) ?? null,
  state: row.state as MediaState,
  reason: (row.reason as string | null) ?? null,
  attempts: Number(row.attempts ?? 0),
  fileId: row.file_id === null || row.file_id === undefined ? null : Number(row.file_id),
  sha256: (row.content_digest as string | null) ?? null,
  orphanedAt: row.orphaned_at ? new Date(row.orphaned_at as string) : null,
});

/**
 * The plugin's record of image URLs (`plugin::stager.media-source`), read and written in a few
 * statements however many images a sync brings.
 */
export function createMediaSources(strapi: Core.Strapi) {
  const knex = (): Knex => strapi.db.connection;
  const table = () => strapi.db.metadata.get(MEDIA_SOURCE_UID).tableName;

  return {
    /** The records of the URLs that have one. */
    async byUrls(urls: string[]): Promise<Map<string, MediaSource>> {
      const found = new Map<string, MediaSource>();
      for (const chunk of chunksOf(urls.map(urlHashOf))) {
        for (const row of await knex()(table()).select('*').whereIn('url_hash', chunk)) {
          const source = fromRow(row);
          found.set(source.sourceUrl, source);
        }
      }
      return found;
    },

    async byUrl(url: string): Promise<MediaSource | null> {
      const row = await knex()(table())
        .select('*')
        .where({ url_hash: urlHashOf(url) })
        .first();
      return row ? fromRow(row) : null;
    },

    /** A stored source whose bytes have this sha256, if any: identical images are one file. */
    async storedWithSha256(sha256: string): Promise<MediaSource | null> {
      const row = await knex()(table())
        .select('*')
        .where({ content_digest: sha256, state: 'stored' })
        .whereNotNull('file_id')
        .orderBy('id')
        .first();
      return row ? fromRow(row) : null;
    },

    /** Records the URLs as pending; a URL recorded meanwhile (another instance) is left as it is. */
    async addPending(images: MessageImage[]): Promise<void> {
      const now = new Date();
      for (const chunk of chunksOf(images)) {
        await knex()(table())
          .insert(
            chunk.map(({ url, alt, label }) => ({
              document_id: newDocumentId(),
              url_hash: urlHashOf(url),
              source_url: url,
              alt,
              label,
              state: 'pending',
              attempts: 0,
              created_at: now,
              updated_at: now,
              published_at: now,
            }))
          )
          .onConflict('url_hash')
          .ignore();
      }
    },

    /** Sources waiting for a download, oldest first: after Redis lost its jobs, they are queued again. */
    async pending(limit: number): Promise<MediaSource[]> {
      const rows = await knex()(table())
        .select('*')
        .where({ state: 'pending' })
        .orderBy('id')
        .limit(limit);
      return rows.map(fromRow);
    },

    /** Puts sources back to pending: their file is gone, or a later message brings a failed one again. */
    async repending(urls: string[]): Promise<void> {
      for (const chunk of chunksOf(urls.map(urlHashOf))) {
        await knex()(table()).whereIn('url_hash', chunk).update({
          state: 'pending',
          attempts: 0,
          file_id: null,
          reason: null,
          updated_at: new Date(),
        });
      }
    },

    async attempted(url: string, attempts: number, reason: string | null): Promise<void> {
      await knex()(table())
        .where({ url_hash: urlHashOf(url) })
        .update({ attempts, reason, updated_at: new Date() });
    },

    async stored(url: string, fileId: number, sha256: string, attempts: number): Promise<void> {
      await knex()(table())
        .where({ url_hash: urlHashOf(url) })
        .update({
          state: 'stored',
          file_id: fileId,
          content_digest: sha256,
          reason: null,
          attempts,
          orphaned_at: null,
          updated_at: new Date(),
        });
    },

    async failed(url: string, reason: string, attempts: number): Promise<void> {
      await knex()(table())
        .where({ url_hash: urlHashOf(url) })
        .update({ state: 'failed', reason, attempts, updated_at: new Date() });
    },

    /** Every stored source, for the orphan check. */
    async allStored(): Promise<MediaSource[]> {
      const rows = await knex()(table())
        .select('*')
        .where({ state: 'stored' })
        .whereNotNull('file_id');
      return rows.map(fromRow);
    },

    async markOrphaned(ids: number[], at: Date | null): Promise<void> {
      for (const chunk of chunksOf(ids))
        await knex()(table())
          .whereIn('id', chunk)
          .update({ orphaned_at: at, updated_at: new Date() });
    },

    async remove(ids: number[]): Promise<void> {
      for (const chunk of chunksOf(ids)) await knex()(table()).whereIn('id', chunk).delete();
    },
  };
}

export type MediaSources = ReturnType<typeof createMediaSources>;
