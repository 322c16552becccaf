import qs from 'qs';
import { adminSession, type AdminSession } from '../helpers/admin';
import { saveEditForm } from '../helpers/content-manager';
import { eventually, request } from '../helpers/http';
import { sendAndSettle, type LooseRow } from '../helpers/inbox';
import { startSite, type TestSite } from '../helpers/site';
import { ENTITY_UIDS } from '../../server/src/store/entity-types';
import { buildUpdateEvents, exampleEvent, organization } from '../../scripts/samples.mjs';

/**
 * A multilingual site: Stager writes Dutch (the source locale, which the plugin creates at start),
 * the site's default locale is English, and a translator works in English. One site for every test.
 */
let site: TestSite;
let translator: AdminSession;

const SOURCE = 'nl';
const TRANSLATED = 'en';

beforeAll(async () => {
  site = await startSite({
    LOG_LEVEL: 'error',
    STAGER_I18N_ENABLED: 'true',
    STAGER_I18N_SOURCE_LOCALE: SOURCE,
    // English keeps Stager's HTML text, and its program text is the translator's from the start.
    STAGER_I18N_FIELD_AUTHORITY: JSON.stringify({
      [TRANSLATED]: { event: { textHtml: 'stager', text: 'editor' } },
    }),
  });
  translator = await adminSession(site.strapi, site.baseUrl, 'super-admin');
});

afterAll(async () => {
  await site?.stop();
});

type Event = ReturnType<typeof exampleEvent>;

async function send(message: unknown) {
  const row = await sendAndSettle(site, message);
  expect(row).toMatchObject({ status: 'processed', itemsFailed: 0 });
  return row;
}
const sendEvent = (event: Event) => send(buildUpdateEvents({ events: [event] }));

/** The event's rows, by locale. */
async function rowsOf(stagerId: string, uid: string = ENTITY_UIDS.event) {
  const rows = (await site.strapi.db.query(uid as never).findMany({
    where: { stagerId },
    populate: { location: true, organization: true, ticketTypes: true },
  })) as LooseRow[];
  return new Map(rows.map((row) => [row.locale as string, row]));
}

async function rest(path: string, query: object) {
  const answer = await request(
    `${site.baseUrl}/api/stager/${path}?${qs.stringify(query, { encodeValuesOnly: true })}`,
    { method: 'GET' }
  );
  expect(answer.status).toBe(200);
  return answer.json;
}
const restEvent = async (stagerId: string, locale: string) =>
  (
    await rest('events', {
      locale,
      filters: { stagerId: { $eq: stagerId } },
      populate: ['location', 'organization', 'ticketTypes'],
    })
  ).data[0] as LooseRow | undefined;

const EVENTS_LIST = `/content-manager/collection-types/${ENTITY_UIDS.event}`;

/** What the translator's Save sends from the edit view of a locale: the loaded form, edited. */
const saveInLocale = (documentId: string, locale: string, edits: Record<string, unknown>) =>
  saveEditForm(translator, ENTITY_UIDS.event, documentId, edits, locale);

describe('a multilingual site', () => {
  const id = 'ev-i18n';
  const event = exampleEvent({ id });
  let documentId: string;

  it('creates the source locale at start', async () => {
    const codes = async () =>
      ((await site.strapi.db.query('plugin::i18n.locale' as never).findMany({})) as LooseRow[]).map(
        (locale) => locale.code as string
      );
    await eventually(async () => (await codes()).includes(SOURCE), 30_000, 'the source locale');
    expect((await codes()).sort()).toEqual([TRANSLATED, SOURCE].sort());
    // Strapi then gives the Super Admin its rights in the new locale.
    await eventually(
      async () => (await translator.call('GET', `${EVENTS_LIST}?locale=${SOURCE}`)).status === 200,
      30_000,
      'the Super Admin’s rights in the source locale'
    );
  });

  it('has every synced entry in every locale, with Stager’s text to start from', async () => {
    await sendEvent(event);
    const rows = await rowsOf(id);
    expect([...rows.keys()].sort()).toEqual([TRANSLATED, SOURCE].sort());
    documentId = rows.get(SOURCE)!.documentId;
    expect(rows.get(TRANSLATED)!.documentId).toBe(documentId);
    for (const row of rows.values()) {
      expect(row.name).toBe(event.name);
      expect(row.ticketTypes).toHaveLength(event.ticketTypes.length);
    }
    // Relations link the same locale's rows.
    expect(rows.get(TRANSLATED)!.location.locale).toBe(TRANSLATED);
    expect(rows.get(SOURCE)!.location.locale).toBe(SOURCE);
    expect(rows.get(TRANSLATED)!.organization.locale).toBe(TRANSLATED);
    for (const uid of [ENTITY_UIDS.location, ENTITY_UIDS.organization]) {
      const stagerId = uid === ENTITY_UIDS.location ? event.location.id : organization().id;
      expect([...(await rowsOf(stagerId, uid)).keys()].sort()).toEqual([TRANSLATED, SOURCE].sort());
    }

    const english = await restEvent(id, TRANSLATED);
    expect(english).toMatchObject({ name: event.name, locale: TRANSLATED });
    expect(english!.location).toMatchObject({ name: event.location.name, locale: TRANSLATED });
    expect((await restEvent(id, SOURCE))!.locale).toBe(SOURCE);
  });

  it('keeps a translation through Stager’s changes, while the shared fields follow Stager', async () => {
    const saved = await saveInLocale(documentId, TRANSLATED, {
      name: 'Night college: Stars & Streets',
      subtitle: 'An evening about the city at night',
    });
    expect(saved.status).toBe(200);

    const moved = {
      ...event,
      name: 'Nachtcollege: verplaatst',
      start: '2027-01-07T20:30:00+01:00',
      ticketTypes: [{ ...event.ticketTypes[0], price: 1750 }],
    };
    await sendEvent(moved);
    const rows = await rowsOf(id);
    expect(rows.get(SOURCE)).toMatchObject({ name: moved.name, subtitle: event.subtitle });
    expect(rows.get(TRANSLATED)).toMatchObject({
      name: 'Night college: Stars & Streets',
      subtitle: 'An evening about the city at night',
    });
    for (const row of rows.values()) {
      expect(new Date(row.start).toISOString()).toBe(new Date(moved.start).toISOString());
      expect(row.ticketTypes.map((ticket: LooseRow) => ticket.price)).toEqual([1750]);
    }

    // The translated locale shows that Stager changed the source text after the translation.
    const status = await translator.call(
      'GET',
      `/stager/entries/event/${documentId}/sync?locale=${TRANSLATED}`
    );
    expect(status.status).toBe(200);
    expect(status.json.data.translation).toMatchObject({
      locale: TRANSLATED,
      sourceLocale: SOURCE,
      sourceChanged: ['name'],
    });
    expect(Object.keys(status.json.data.translation.translatedAt).sort()).toEqual([
      'name',
      'subtitle',
    ]);
  });

  it('refuses a translator’s change to a field Stager owns in every language', async () => {
    const refused = await saveInLocale(documentId, TRANSLATED, { ticketShopUrl: 'https://x.test' });
    expect(refused.status).toBe(400);
    expect(refused.json.error.message).toMatch(/Not saved/);
  });

  it('follows the locale’s own authority: words kept Stager’s, or left to translators', async () => {
    const rows = await rowsOf(id);
    expect(rows.get(TRANSLATED)!.textHtml).toBe(rows.get(SOURCE)!.textHtml);
    expect(rows.get(TRANSLATED)!.text).toBeNull();
    const refused = await saveInLocale(documentId, TRANSLATED, { textHtml: '<p>Mine</p>' });
    expect(refused.status).toBe(400);
    expect(
      (await saveInLocale(documentId, TRANSLATED, { text: 'A lecture with music.' })).status
    ).toBe(200);
    await sendEvent({
      ...event,
      name: 'Nachtcollege: verplaatst',
      start: '2027-01-07T20:30:00+01:00',
      ticketTypes: [{ ...event.ticketTypes[0], price: 1750 }],
      publicity: { ...event.publicity, text: 'Nieuwe tekst', textHtml: '<p>Nieuw</p>' },
    });
    const after = await rowsOf(id);
    expect(after.get(TRANSLATED)).toMatchObject({
      textHtml: '<p>Nieuw</p>',
      text: 'A lecture with music.',
    });
    expect(after.get(SOURCE)).toMatchObject({ textHtml: '<p>Nieuw</p>', text: 'Nieuwe tekst' });
  });

  it('hides, removes and restores the event in every language at once', async () => {
    const hidden = await saveInLocale(documentId, SOURCE, { hidden: true });
    expect(hidden.status).toBe(200);
    expect(await restEvent(id, TRANSLATED)).toBeUndefined();
    expect(await restEvent(id, SOURCE)).toBeUndefined();
    expect((await saveInLocale(documentId, TRANSLATED, { hidden: false })).status).toBe(200);
    expect(await restEvent(id, SOURCE)).toBeDefined();

    await send({
      messageType: 'DELETE_EVENTS',
      messageContent: { organizationId: organization().id, eventIds: [id] },
    });
    expect(await restEvent(id, TRANSLATED)).toBeUndefined();
    expect(await restEvent(id, SOURCE)).toBeUndefined();
    for (const row of (await rowsOf(id)).values()) expect(row.removedAt).not.toBeNull();

    await sendEvent({ ...event, name: 'Nachtcollege: terug' });
    expect((await restEvent(id, SOURCE))!.name).toBe('Nachtcollege: terug');
    expect((await restEvent(id, TRANSLATED))!.name).toBe('Night college: Stars & Streets');
  });

  it('writes nothing in any locale for an identical message', async () => {
    const again = { ...event, name: 'Nachtcollege: terug' };
    const before = [...(await rowsOf(id)).values()].map((row) => [row.locale, row.updatedAt]);
    await sendEvent(again);
    const after = [...(await rowsOf(id)).values()].map((row) => [row.locale, row.updatedAt]);
    expect(after).toEqual(before);
  });

  it('answers GraphQL’s locale argument', async () => {
    const answer = await request(`${site.baseUrl}/graphql`, {
      body: JSON.stringify({
        query: `{ stagerEvents(locale: "${TRANSLATED}", filters: { stagerId: { eq: "${id}" } }) { name locale location { name locale } } }`,
      }),
      headers: { 'content-type': 'application/json' },
    });
    expect(answer.status).toBe(200);
    expect(answer.json.errors).toBeUndefined();
    expect(answer.json.data.stagerEvents).toEqual([
      {
        name: 'Night college: Stars & Streets',
        locale: TRANSLATED,
        location: { name: event.location.name, locale: TRANSLATED },
      },
    ]);
  });

  it('gives a locale added later every synced entry, and shows its progress', async () => {
    const added = await translator.call('POST', '/i18n/locales', {
      code: 'fr',
      name: 'French (fr)',
      isDefault: false,
    });
    expect(added.status).toBe(200);
    const french = await eventually(
      async () => (await rowsOf(id)).get('fr'),
      20_000,
      'the event in the added locale'
    );
    expect(french).toMatchObject({ name: 'Nachtcollege: terug', locale: 'fr' });
    expect(french.location.locale).toBe('fr');
    const source = (await rowsOf(id)).get(SOURCE)!;
    expect(french.ticketTypes.map((ticket: LooseRow) => ticket.stagerId)).toEqual(
      source.ticketTypes.map((ticket: LooseRow) => ticket.stagerId)
    );
    expect(french.ticketTypes[0].id).not.toBe(source.ticketTypes[0].id);
    const health = await translator.call('GET', '/stager/health');
    const locales = health.json.data.locales as LooseRow[];
    const fr = locales.find((locale) => locale.locale === 'fr')!;
    expect(fr.entries).toBe(fr.of);
    expect(locales.find((locale) => locale.source)!.locale).toBe(SOURCE);
  });
});
