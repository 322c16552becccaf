import { sendAndSettle } from '../helpers/inbox';
import { createSiteStorage, startSite, type SiteStorage, type TestSite } from '../helpers/site';
import { entryOf } from '../helpers/entries';
import { ENTITY_UIDS } from '../../server/src/store/entity-types';
import { buildUpdateEvents, exampleEvent } from '../../scripts/samples.mjs';

let storage: SiteStorage;
let site: TestSite | undefined;

beforeAll(async () => {
  storage = await createSiteStorage();
});

afterAll(async () => {
  await site?.stop();
  await storage?.remove();
});

it('moves the Stager status of existing events to eventStatus when the site upgrades', async () => {
  site = await startSite({}, { storage });
  await sendAndSettle(
    site,
    buildUpdateEvents({ events: [exampleEvent({ id: 'ev-upgraded', status: 'CANCELLED' })] })
  );
  // What the version before the rename left in the database: the column `status`.
  await site.strapi.db.connection.schema.alterTable('stager_events', (table) =>
    table.renameColumn('event_status', 'status')
  );
  await site.stop();

  site = await startSite({}, { storage });
  const columns = await site.strapi.db.connection('stager_events').columnInfo();
  expect(Object.keys(columns)).toContain('event_status');
  expect(Object.keys(columns)).not.toContain('status');
  expect(await entryOf(site.strapi, ENTITY_UIDS.event, 'ev-upgraded')).toMatchObject({
    eventStatus: 'CANCELLED',
  });

  // A later boot finds nothing left to rename, and the sync writes the renamed field.
  await site.stop();
  site = await startSite({}, { storage });
  await sendAndSettle(
    site,
    buildUpdateEvents({ events: [exampleEvent({ id: 'ev-upgraded', status: 'CONFIRMED' })] })
  );
  expect(await entryOf(site.strapi, ENTITY_UIDS.event, 'ev-upgraded')).toMatchObject({
    eventStatus: 'CONFIRMED',
  });
});
