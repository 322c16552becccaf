import { adminSession, type AdminSession } from '../helpers/admin';
import { eventually } from '../helpers/http';
import { saveEditForm } from '../helpers/content-manager';
import { sendAndSettle, type LooseRow } from '../helpers/inbox';
import { createSiteStorage, startSite, type SiteStorage, type TestSite } from '../helpers/site';
import { ENTITY_UIDS } from '../../server/src/store/entity-types';
import { exampleEvent, organization, paviljoen } from '../../scripts/samples.mjs';

/**
 * A site with synced events and an editor's work switches `i18n.enabled` on, with a second locale
 * it had made beforehand, and later off again; one database kept through the three boots. Stager's
 * text is in the site's default locale, English.
 */
let storage: SiteStorage;
let site: TestSite | undefined;
let editor: AdminSession;

const SOURCE = 'en';
const OTHER = 'nl';
const EVENT_IDS = ['ev-switch-1', 'ev-switch-2'];
const EDITED = 'ev-switch-1';
const EDITOR_FIELDS = { editorialText: 'Tip van de redactie', featured: true };
// A test that boots the site again: a boot takes twice the default test time on a busy machine.
const REBOOT_TIMEOUT_MS = 120_000;

beforeAll(async () => {
  storage = await createSiteStorage();
  await boot({});
});

afterAll(async () => {
  await site?.stop();
  await storage?.remove();
});

async function boot(env: Record<string, string>) {
  await site?.stop();
  site = await startSite({ LOG_LEVEL: 'error', ...env }, { storage });
  editor = await adminSession(site.strapi, site.baseUrl, 'super-admin');
}

const booted = () => site as TestSite;

type Event = ReturnType<typeof exampleEvent>;

async function sync(events: Event[]) {
  const row = await sendAndSettle(booted(), {
    messageType: 'ORGANIZATION_SYNC',
    messageContent: { organization: organization(), locations: [], events },
  });
  expect(row).toMatchObject({ status: 'processed', itemsFailed: 0 });
}

/** Every row of the entries of `uid` with these Stager ids, as the query engine reads them. */
const rowsOf = (stagerIds: string[], uid: string = ENTITY_UIDS.event) =>
  booted()
    .strapi.db.query(uid as never)
    .findMany({
      where: { stagerId: { $in: stagerIds } },
      populate: uid === ENTITY_UIDS.event ? { location: true, ticketTypes: true } : {},
      orderBy: [{ stagerId: 'asc' }, { locale: 'asc' }],
    }) as Promise<LooseRow[]>;

const rowIn = (rows: LooseRow[], stagerId: string, locale: string | null) =>
  rows.find((row) => row.stagerId === stagerId && row.locale === locale);

/** Each row's entry and locale: what says whether an entry has exactly one row per locale. */
const entriesAndLocales = (rows: LooseRow[]) => rows.map((row) => [row.stagerId, row.locale]);

/** What an editor's Save sends from the edit view: the loaded form, edited. */
async function editInContentManager(documentId: string, edits: Record<string, unknown>) {
  const saved = await saveEditForm(editor, ENTITY_UIDS.event, documentId, edits);
  expect(saved.status).toBe(200);
}

const firstEvents = [
  exampleEvent({ id: EVENT_IDS[0] }),
  exampleEvent({ id: EVENT_IDS[1], name: 'Zomeravond', location: paviljoen() }),
];

/** The rows as the site without locales left them: id and document id of each event. */
let before: LooseRow[];

describe('switching i18n on and off for a site with data', () => {
  it('starts without locales: events synced, an editor’s fields, a second locale made', async () => {
    await sync(firstEvents);
    const [edited] = await rowsOf([EDITED]);
    await editInContentManager(edited.documentId, EDITOR_FIELDS);
    const added = await editor.call('POST', '/i18n/locales', {
      code: OTHER,
      name: 'Dutch (nl)',
      isDefault: false,
    });
    expect(added.status).toBe(200);

    before = await rowsOf(EVENT_IDS);
    expect(entriesAndLocales(before)).toEqual(EVENT_IDS.map((id) => [id, null]));
    expect(rowIn(before, EDITED, null)).toMatchObject(EDITOR_FIELDS);
  });

  it(
    'keeps every event and editor field as the source locale’s rows once switched on',
    async () => {
      await boot({ STAGER_I18N_ENABLED: 'true' });
      const rows = await rowsOf(EVENT_IDS);
      for (const [index, id] of EVENT_IDS.entries()) {
        const source = rowIn(rows, id, SOURCE);
        expect(source).toMatchObject({
          id: before[index].id,
          documentId: before[index].documentId,
          name: firstEvents[index].name,
          location: { stagerId: firstEvents[index].location.id, locale: SOURCE },
        });
        expect(source!.ticketTypes).toHaveLength(firstEvents[index].ticketTypes.length);
      }
      expect(rowIn(rows, EDITED, SOURCE)).toMatchObject(EDITOR_FIELDS);
    },
    REBOOT_TIMEOUT_MS
  );

  it('gives the other locale every entry in the background, linked in that locale', async () => {
    const rows = await eventually(
      async () => {
        const found = await rowsOf(EVENT_IDS);
        return found.length === 2 * EVENT_IDS.length ? found : null;
      },
      20_000,
      'the events in the second locale'
    );
    expect(entriesAndLocales(rows)).toEqual(
      EVENT_IDS.flatMap((id) => [
        [id, SOURCE],
        [id, OTHER],
      ])
    );
    for (const [index, id] of EVENT_IDS.entries()) {
      const copy = rowIn(rows, id, OTHER)!;
      expect(copy).toMatchObject({
        documentId: before[index].documentId,
        name: firstEvents[index].name,
        location: { stagerId: firstEvents[index].location.id, locale: OTHER },
      });
      expect(copy.ticketTypes).toHaveLength(firstEvents[index].ticketTypes.length);
    }
    // `featured` has one value in every language; the editorial text starts from the source's.
    expect(rowIn(rows, EDITED, OTHER)).toMatchObject(EDITOR_FIELDS);

    const locationIds = [...new Set(firstEvents.map((event) => event.location.id))].sort();
    const locations = await eventually(
      async () => {
        const found = await rowsOf(locationIds, ENTITY_UIDS.location);
        return found.length === 2 * locationIds.length ? found : null;
      },
      20_000,
      'the locations in the second locale'
    );
    expect(entriesAndLocales(locations)).toEqual(
      locationIds.flatMap((id) => [
        [id, SOURCE],
        [id, OTHER],
      ])
    );
    expect(entriesAndLocales(await rowsOf([organization().id], ENTITY_UIDS.organization))).toEqual([
      [organization().id, SOURCE],
      [organization().id, OTHER],
    ]);
  });

  it('applies a new sync in every locale, without a duplicate', async () => {
    const moved = {
      ...firstEvents[0],
      name: 'Nachtcollege: verplaatst',
      start: '2027-01-07T20:30:00+01:00',
    };
    const added = exampleEvent({ id: 'ev-switch-3', name: 'Nieuw na de overstap' });
    // The second event is left out of the full sync: Stager removed it.
    await sync([moved, added]);
    const rows = await rowsOf([...EVENT_IDS, added.id]);
    expect(entriesAndLocales(rows)).toEqual(
      [...EVENT_IDS, added.id].flatMap((id) => [
        [id, SOURCE],
        [id, OTHER],
      ])
    );
    for (const locale of [SOURCE, OTHER]) {
      const edited = rowIn(rows, EDITED, locale)!;
      expect(edited).toMatchObject({ name: moved.name, ...EDITOR_FIELDS, removedAt: null });
      expect(new Date(edited.start).toISOString()).toBe(new Date(moved.start).toISOString());
      expect(rowIn(rows, EVENT_IDS[1], locale)!.removedAt).not.toBeNull();
      expect(rowIn(rows, added.id, locale)).toMatchObject({
        name: added.name,
        location: { stagerId: added.location.id, locale },
      });
    }
  });

  it(
    'keeps the source locale’s rows when switched off again, and syncs on',
    async () => {
      const sourceRows = (await rowsOf([...EVENT_IDS, 'ev-switch-3'])).filter(
        (row) => row.locale === SOURCE
      );
      await boot({});
      const rows = await rowsOf([...EVENT_IDS, 'ev-switch-3']);
      expect(rows.map((row) => [row.stagerId, row.id, row.documentId])).toEqual(
        sourceRows.map((row) => [row.stagerId, row.id, row.documentId])
      );
      expect(rowIn(rows, EDITED, null)).toMatchObject({
        name: 'Nachtcollege: verplaatst',
        ...EDITOR_FIELDS,
      });

      const renamed = { ...firstEvents[0], name: 'Nachtcollege: weer eentalig' };
      await sync([renamed, exampleEvent({ id: 'ev-switch-3', name: 'Nieuw na de overstap' })]);
      const after = await rowsOf([EDITED]);
      expect(entriesAndLocales(after)).toEqual([[EDITED, null]]);
      expect(after[0]).toMatchObject({
        id: rowIn(rows, EDITED, null)!.id,
        name: renamed.name,
        ...EDITOR_FIELDS,
        location: { stagerId: renamed.location.id },
      });
    },
    REBOOT_TIMEOUT_MS
  );
});
