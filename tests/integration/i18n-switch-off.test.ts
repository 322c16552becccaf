import { adminSession } from '../helpers/admin';
import { eventually } from '../helpers/http';
import { sendAndSettle, type LooseRow } from '../helpers/inbox';
import { createSiteStorage, startSite, type SiteStorage, type TestSite } from '../helpers/site';
import { ENTITY_UIDS } from '../../server/src/store/entity-types';
import { buildUpdateEvents, exampleEvent } from '../../scripts/samples.mjs';

/**
 * A site whose default locale is English while Stager writes Dutch: its synced entries move to
 * Dutch when the plugin's locales are turned on, and stay Dutch, Stager's, when they are turned
 * off again, editors' fields included.
 */
let storage: SiteStorage;

// Three boots on one storage.
jest.setTimeout(240_000);

beforeAll(async () => {
  storage = await createSiteStorage();
});

afterAll(async () => {
  await storage?.remove();
});

const id = 'ev-switching';
const event = exampleEvent({ id });
const EVENTS_CM = `/content-manager/collection-types/${ENTITY_UIDS.event}`;

const rowsOf = async (site: TestSite) =>
  (await site.strapi.db.query(ENTITY_UIDS.event as never).findMany({
    where: { stagerId: id },
    populate: { ticketTypes: true, location: true },
  })) as LooseRow[];

async function withSite(i18n: boolean, work: (site: TestSite) => Promise<void>) {
  const site = await startSite(
    {
      LOG_LEVEL: 'error',
      STAGER_I18N_ENABLED: String(i18n),
      STAGER_I18N_SOURCE_LOCALE: 'nl',
    },
    { storage }
  );
  try {
    await work(site);
  } finally {
    await site.stop();
  }
}

const apply = async (site: TestSite, message: unknown) =>
  expect(await sendAndSettle(site, message)).toMatchObject({
    status: 'processed',
    itemsFailed: 0,
  });

it('moves synced entries to the source locale when locales are turned on, and keeps them when turned off', async () => {
  let rowId: number;
  await withSite(false, async (site) => {
    await apply(site, buildUpdateEvents({ events: [event] }));
    const [row] = await rowsOf(site);
    rowId = row.id;
    const editor = await adminSession(site.strapi, site.baseUrl, 'super-admin');
    expect(
      (await editor.call('PUT', `${EVENTS_CM}/${row.documentId}`, { featured: true })).status
    ).toBe(200);
  });

  await withSite(true, async (site) => {
    const english = await eventually(
      async () => (await rowsOf(site)).find((row) => row.locale === 'en'),
      30_000,
      'the English copy'
    );
    const dutch = (await rowsOf(site)).find((row) => row.locale === 'nl')!;
    expect(dutch).toMatchObject({ id: rowId, name: event.name, featured: true });
    expect(english).toMatchObject({ documentId: dutch.documentId, featured: true });
    // The plugin creates the source locale once Strapi has started; Strapi then rewrites the Super
    // Admin's rights for the locales, and a save in the meantime is refused (403).
    const editor = await adminSession(site.strapi, site.baseUrl, 'super-admin');
    await eventually(
      async () =>
        (
          await editor.call('PUT', `${EVENTS_CM}/${dutch.documentId}?locale=en`, {
            name: 'Night college',
          })
        ).status === 200,
      30_000,
      'the translator’s save'
    );
    await apply(site, buildUpdateEvents({ events: [{ ...event, subtitle: 'Nieuw' }] }));
    expect(await rowsOf(site)).toHaveLength(2);
  });

  await withSite(false, async (site) => {
    const rows = await rowsOf(site);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ name: event.name, subtitle: 'Nieuw', featured: true });
    expect(rows[0].ticketTypes).toHaveLength(event.ticketTypes.length);
    expect(rows[0].location).toMatchObject({ stagerId: event.location.id });
    const moved = { ...event, name: 'Nachtcollege: verplaatst' };
    await apply(site, buildUpdateEvents({ events: [moved] }));
    expect((await rowsOf(site))[0]).toMatchObject({ name: moved.name, featured: true });
  });
});
