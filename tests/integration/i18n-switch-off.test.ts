import { adminSession } from '../helpers/admin';
import { sendAndSettle, type LooseRow } from '../helpers/inbox';
import { createSiteStorage, startSite, type SiteStorage } from '../helpers/site';
import { ENTITY_UIDS } from '../../server/src/store/entity-types';
import { buildUpdateEvents, exampleEvent } from '../../scripts/samples.mjs';

/**
 * A site that wrote Stager's Dutch in a locale other than its default (English), then turned the
 * plugin's locales off: Stager's rows stay, in place of the English copies Strapi would keep.
 */
let storage: SiteStorage;

// Two boots on one storage.
jest.setTimeout(180_000);

beforeAll(async () => {
  storage = await createSiteStorage();
});

afterAll(async () => {
  await storage?.remove();
});

const id = 'ev-switch-off';
const event = exampleEvent({ id });
const EVENTS_CM = `/content-manager/collection-types/${ENTITY_UIDS.event}`;

const rowsOf = async (strapi: import('@strapi/strapi').Core.Strapi) =>
  (await strapi.db.query(ENTITY_UIDS.event as never).findMany({
    where: { stagerId: id },
    populate: { ticketTypes: true, location: true },
  })) as LooseRow[];

it('keeps the source locale’s rows, editors’ fields included, when locales are turned off', async () => {
  const multilingual = await startSite(
    { LOG_LEVEL: 'error', STAGER_I18N_ENABLED: 'true', STAGER_I18N_SOURCE_LOCALE: 'nl' },
    { storage }
  );
  try {
    expect(await sendAndSettle(multilingual, buildUpdateEvents({ events: [event] }))).toMatchObject(
      { status: 'processed' }
    );
    const [source] = (await rowsOf(multilingual.strapi)).filter((row) => row.locale === 'nl');
    const editor = await adminSession(multilingual.strapi, multilingual.baseUrl, 'super-admin');
    const english = await editor.call('PUT', `${EVENTS_CM}/${source.documentId}?locale=en`, {
      name: 'Night college',
      featured: true,
    });
    expect(english.status).toBe(200);
  } finally {
    await multilingual.stop();
  }

  const single = await startSite(
    { LOG_LEVEL: 'error', STAGER_I18N_ENABLED: 'false', STAGER_I18N_SOURCE_LOCALE: 'nl' },
    { storage }
  );
  try {
    const rows = await rowsOf(single.strapi);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ name: event.name, featured: true, locale: null });
    expect(rows[0].ticketTypes).toHaveLength(event.ticketTypes.length);
    expect(rows[0].location).toMatchObject({ stagerId: event.location.id });
    const moved = { ...event, name: 'Nachtcollege: verplaatst' };
    expect(await sendAndSettle(single, buildUpdateEvents({ events: [moved] }))).toMatchObject({
      status: 'processed',
      itemsFailed: 0,
    });
    expect((await rowsOf(single.strapi))[0]).toMatchObject({ name: moved.name, featured: true });
  } finally {
    await single.stop();
  }
});
