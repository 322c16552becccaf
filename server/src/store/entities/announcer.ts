import type { Core } from '@strapi/strapi';
import { errorMessage } from '../../utils/error-message';
import type { TableLayout } from '../table-layout';
import type { Announcement } from './write-pending';

/** At most this many entries are read back for one announcement. */
const ENTRIES_PER_READ = 500;
/** How long the first announcement waits for others to share its read. */
const GATHER_MS = 100;

/**
 * Sends announcements in the order their transactions committed, one read of the entries at a
 * time. Announcements that queue up meanwhile (and for `GATHER_MS` before the first read), of the
 * same event and type one after the other, are sent after one read: under a stream of small
 * messages, one read serves many commits.
 */
export function createAnnouncer(strapi: Core.Strapi, layout: TableLayout) {
  const queue: Announcement[] = [];
  let sending = false;

  /** The first queued announcement, with those after it of the same event and type merged in. */
  function nextMerged(): Announcement {
    const first = queue.shift()!;
    const ids = new Set(first.ids);
    while (
      queue.length > 0 &&
      queue[0].eventName === first.eventName &&
      queue[0].uid === first.uid &&
      ids.size + queue[0].ids.length <= ENTRIES_PER_READ
    )
      for (const id of queue.shift()!.ids) ids.add(id);
    return { ...first, ids: [...ids] };
  }

  async function send(): Promise<void> {
    sending = true;
    await new Promise((resolve) => setTimeout(resolve, GATHER_MS));
    while (queue.length > 0) {
      const { eventName, uid, ids } = nextMerged();
      try {
        await layout.announce(eventName, uid, ids);
      } catch (error) {
        strapi.log.warn(`stager: ${eventName} events not sent: ${errorMessage(error)}`);
      }
    }
    sending = false;
  }

  return (announcements: Announcement[]) => {
    queue.push(...announcements.filter(({ ids }) => ids.length > 0));
    if (!sending) void send();
  };
}
