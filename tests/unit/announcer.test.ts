import type { Core } from '@strapi/strapi';
import { createAnnouncer } from '../../server/src/store/entities/announcer';
import type { TableLayout } from '../../server/src/store/table-layout';

/** A layout whose announcements take a few ms and are logged; `failing` names an event that fails. */
function fakeSite(failing?: string) {
  const sent: Array<[string, string, number[]]> = [];
  const warnings: string[] = [];
  const layout = {
    async announce(eventName: string, uid: string, ids: number[]) {
      await new Promise((resolve) => setTimeout(resolve, 5));
      if (eventName === failing) throw new Error('read failed');
      sent.push([eventName, uid, ids]);
    },
  } as unknown as TableLayout;
  const strapi = { log: { warn: (line: string) => warnings.push(line) } } as unknown as Core.Strapi;
  return { announce: createAnnouncer(strapi, layout), sent, warnings };
}

const event = 'api::event.event';
const location = 'api::location.location';
const settled = () => new Promise((resolve) => setTimeout(resolve, 300));

it('sends the announcements of commits close together after one read, in commit order', async () => {
  const site = fakeSite();
  site.announce([{ eventName: 'entry.update', uid: event, ids: [1, 2] }]);
  site.announce([
    { eventName: 'entry.update', uid: event, ids: [2, 3] },
    { eventName: 'entry.create', uid: event, ids: [4] },
  ]);
  site.announce([{ eventName: 'entry.update', uid: location, ids: [7] }]);
  site.announce([{ eventName: 'entry.update', uid: location, ids: [] }]);
  await settled();
  expect(site.sent).toEqual([
    ['entry.update', event, [1, 2, 3]],
    ['entry.create', event, [4]],
    ['entry.update', location, [7]],
  ]);
});

it('never merges an announcement past another kind, so that a creation is heard before its changes', async () => {
  const site = fakeSite();
  site.announce([{ eventName: 'entry.update', uid: event, ids: [1] }]);
  site.announce([{ eventName: 'entry.create', uid: event, ids: [2] }]);
  site.announce([{ eventName: 'entry.update', uid: event, ids: [2] }]);
  await settled();
  expect(site.sent.map(([name, , ids]) => [name, ids])).toEqual([
    ['entry.update', [1]],
    ['entry.create', [2]],
    ['entry.update', [2]],
  ]);
});

it('logs an announcement that failed and sends the ones after it', async () => {
  const site = fakeSite('entry.create');
  site.announce([
    { eventName: 'entry.create', uid: event, ids: [1] },
    { eventName: 'entry.update', uid: event, ids: [2] },
  ]);
  await settled();
  expect(site.warnings).toEqual(['stager: entry.create events not sent: read failed']);
  expect(site.sent).toEqual([['entry.update', event, [2]]]);
});
