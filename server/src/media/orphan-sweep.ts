import type { Core } from '@strapi/strapi';
import type { createImageLinks } from './image-links';
import type { MediaSources } from './media-sources';

/**
 * Removes the files the plugin stored that nothing links any more, once they have been unlinked
 * for the grace period. A file with any link, an editor's included, is never removed; one linked
 * again within the grace period is kept.
 */
export function createOrphanSweep(
  strapi: Core.Strapi,
  sources: MediaSources,
  links: ReturnType<typeof createImageLinks>,
  gracePeriodMs: () => number
) {
  const uploadService = () =>
    strapi.plugin('upload').service('upload') as { remove(file: unknown): Promise<unknown> };

  return async function sweepOrphans(now = new Date()): Promise<number> {
    const stored = await sources.allStored();
    const fileIds = [...new Set(stored.flatMap(({ fileId }) => (fileId === null ? [] : [fileId])))];
    const counts = await links.linkCounts(fileIds);
    const unlinked = stored.filter(({ fileId }) => !counts.get(fileId as number));
    const relinked = stored.filter(
      ({ fileId, orphanedAt }) => orphanedAt && counts.get(fileId as number)
    );
    await sources.markOrphaned(
      relinked.map(({ id }) => id),
      null
    );
    await sources.markOrphaned(
      unlinked.filter(({ orphanedAt }) => !orphanedAt).map(({ id }) => id),
      now
    );
    const due = unlinked.filter(
      ({ orphanedAt }) => orphanedAt && now.getTime() - orphanedAt.getTime() >= gracePeriodMs()
    );
    let removed = 0;
    for (const fileId of new Set(due.map((source) => source.fileId as number))) {
      // Sources sharing the file (identical bytes) all have to be unlinked long enough.
      if (stored.some((source) => source.fileId === fileId && !due.includes(source))) continue;
      if ((await links.linkCounts([fileId])).get(fileId)) continue;
      const file = await strapi.db.query('plugin::upload.file').findOne({ where: { id: fileId } });
      if (file) await uploadService().remove(file);
      await sources.remove(due.filter((source) => source.fileId === fileId).map(({ id }) => id));
      removed += 1;
    }
    return removed;
  };
}
