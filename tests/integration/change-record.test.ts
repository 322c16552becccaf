import { adminSession, type AdminSession } from '../helpers/admin';
import { entryOf } from '../helpers/entries';
import { sendAndSettle, INBOX_UID, type LooseRow } from '../helpers/inbox';
import { startSite, type TestSite } from '../helpers/site';
import { prunePayloads } from '../../server/src/inbox/retention';
import { createInboxStore } from '../../server/src/inbox/store';
import { CHANGE_RECORD_UID, ENTITY_UIDS } from '../../server/src/store/entity-types';
import { ACTIONS } from '../../shared/constants';
import { buildLargeSync, buildUpdateEvents, exampleEvent } from '../../scripts/samples.mjs';

/**
 * The change record: what each applied message did to each entry, field by field, written with the
 * change and pruned with the inbox's messages. One site for every test here.
 */
let site: TestSite;

beforeAll(async () => {
  site = await startSite({ LOG_LEVEL: 'error' });
});

afterAll(async () => {
  await site?.stop();
});

async function send(message: unknown): Promise<number> {
  const row = await sendAndSettle(site, message);
  expect(row).toMatchObject({ status: 'processed', itemsFailed: 0 });
  return row.id as number;
}

const recordsOf = (where: Record<string, unknown>) =>
  site.strapi.db.query(CHANGE_RECORD_UID as never).findMany({
    where,
    orderBy: [{ messageId: 'asc' }, { id: 'asc' }],
  }) as Promise<LooseRow[]>;

const eventRecords = (stagerId: string) => recordsOf({ entryType: 'event', stagerId });
const fieldNames = (record: LooseRow) =>
  (record.fields as Array<{ field: string }>).map((f) => f.field);
const fieldOf = (record: LooseRow, name: string): LooseRow | undefined =>
  (record.fields as LooseRow[]).find(({ field }) => field === name);

const deleteEvents = (eventIds: string[]) => ({
  messageType: 'DELETE_EVENTS',
  messageContent: { organizationId: 'org-4512', eventIds },
});

describe('the change record of a message', () => {
  const id = 'ev-record';
  const longText = 'Lang verhaal. '.repeat(40);

  it('records a creation with every field it wrote', async () => {
    const created = await send(buildUpdateEvents({ events: [exampleEvent({ id })] }));
    const [record, ...others] = await eventRecords(id);
    expect(others).toEqual([]);
    expect(record).toMatchObject({ action: 'created' });
    expect(Number(record.messageId)).toBe(created);
    expect(new Date(record.recordedAt).getTime()).toBeGreaterThan(Date.now() - 60_000);
    expect(fieldOf(record, 'name')).toEqual({
      field: 'name',
      kind: 'value',
      old: null,
      new: 'Nachtcollege: Sterren & Straten',
    });
    expect(fieldOf(record, 'start')).toEqual({
      field: 'start',
      kind: 'value',
      old: null,
      new: new Date('2026-12-31T20:30:00+01:00').toISOString(),
    });
    expect(fieldOf(record, 'ticketTypes')).toEqual({ field: 'ticketTypes', kind: 'changed' });
    expect(fieldOf(record, 'location')).toEqual({ field: 'location', kind: 'changed' });
    expect(fieldNames(record)).not.toContain('syncSequence');
    expect(fieldNames(record)).not.toContain('raw');
    expect(fieldNames(record)).not.toContain('removedAt');

    // The organisation and location were created by the same message.
    const [organization] = await recordsOf({ entryType: 'organization', stagerId: 'org-4512' });
    expect(organization).toMatchObject({ action: 'created' });
    expect(Number(organization.messageId)).toBe(created);
  });

  it('records a change: old and new values of scalars, long text shortened, components "changed"', async () => {
    const event = exampleEvent({ id });
    const [first, ...others] = event.ticketTypes;
    const changed = await send(
      buildUpdateEvents({
        events: [
          {
            ...event,
            name: 'Nachtcollege: verplaatst',
            publicity: { ...event.publicity, text: longText },
            ticketTypes: [{ ...first, available: first.available - 1 }, ...others],
          },
        ],
      })
    );
    const records = await eventRecords(id);
    expect(records).toHaveLength(2);
    const record = records[1];
    expect(record).toMatchObject({ action: 'changed' });
    expect(Number(record.messageId)).toBe(changed);
    expect(fieldOf(record, 'name')).toEqual({
      field: 'name',
      kind: 'value',
      old: 'Nachtcollege: Sterren & Straten',
      new: 'Nachtcollege: verplaatst',
    });
    const text = fieldOf(record, 'text')!;
    expect(text.new).toHaveLength(200);
    expect(text.new.endsWith('…')).toBe(true);
    expect(text.old).toBe(event.publicity.text);
    expect(fieldOf(record, 'ticketTypes')).toEqual({ field: 'ticketTypes', kind: 'changed' });
    // What did not change is not in the record.
    expect(fieldNames(record)).not.toContain('start');
    expect(fieldNames(record)).not.toContain('images');
    expect(fieldNames(record)).not.toContain('location');
    // The organisation, identical, records nothing.
    expect(await recordsOf({ entryType: 'organization', messageId: changed })).toEqual([]);
  });

  it('records nothing for an identical message', async () => {
    const before = (await recordsOf({})).length;
    const event = exampleEvent({ id });
    const [first, ...others] = event.ticketTypes;
    await send(
      buildUpdateEvents({
        events: [
          {
            ...event,
            name: 'Nachtcollege: verplaatst',
            publicity: { ...event.publicity, text: longText },
            ticketTypes: [{ ...first, available: first.available - 1 }, ...others],
          },
        ],
      })
    );
    expect((await recordsOf({})).length).toBe(before);
  });

  it('records a removal and a restore', async () => {
    const removed = await send(deleteEvents([id]));
    const restored = await send(buildUpdateEvents({ events: [exampleEvent({ id })] }));
    const records = await eventRecords(id);
    const removal = records.find((record) => Number(record.messageId) === removed)!;
    expect(removal).toMatchObject({ action: 'removed' });
    expect(fieldOf(removal, 'removedAt')).toMatchObject({ kind: 'value', old: null });
    const restore = records.find((record) => Number(record.messageId) === restored)!;
    expect(restore).toMatchObject({ action: 'restored' });
    expect(fieldOf(restore, 'removedAt')).toMatchObject({ kind: 'value', new: null });
    expect(fieldOf(restore, 'name')).toMatchObject({ new: 'Nachtcollege: Sterren & Straten' });
  });
});

describe('the change record of a sync that changed 1,000 events', () => {
  it('records each changed event once, with what changed', async () => {
    const sync = buildLargeSync(1000, 'record');
    await send(sync);
    const events = sync.messageContent.events.map((event, index) => ({
      ...event,
      name: `${event.name}, changed`,
      ...(index % 2 === 0 ? { end: '2027-06-01T23:00:00+02:00' } : {}),
    }));
    const changed = await send({ ...sync, messageContent: { ...sync.messageContent, events } });

    const records = await recordsOf({ messageId: changed });
    expect(records).toHaveLength(1000);
    expect(new Set(records.map((record) => record.stagerId)).size).toBe(1000);
    for (const record of records) {
      expect(record).toMatchObject({ entryType: 'event', action: 'changed' });
      const index = Number((record.stagerId as string).split('-').pop());
      expect(fieldOf(record, 'name')).toEqual({
        field: 'name',
        kind: 'value',
        old: `Event ${index}`,
        new: `Event ${index}, changed`,
      });
      expect(fieldNames(record).sort()).toEqual(index % 2 === 0 ? ['end', 'name'] : ['name']);
    }
  });
});

describe('pruning', () => {
  it('drops the record of a message whose payload the inbox pruned, and keeps the others', async () => {
    const old = await send(buildUpdateEvents({ events: [exampleEvent({ id: 'ev-pruned' })] }));
    const recent = await send(
      buildUpdateEvents({ events: [exampleEvent({ id: 'ev-pruned', name: 'Nieuw' })] })
    );
    await site.strapi.db.query(INBOX_UID as never).update({
      where: { id: old },
      data: { receivedAt: new Date(Date.now() - 40 * 24 * 60 * 60 * 1000) },
    });
    await prunePayloads(createInboxStore(site.strapi), 30, site.strapi.log);
    expect(await recordsOf({ messageId: old })).toEqual([]);
    expect((await recordsOf({ messageId: recent })).length).toBeGreaterThan(0);
  });
});

describe('the admin endpoints', () => {
  const id = 'ev-admin';
  const readEvents = {
    action: 'plugin::content-manager.explorer.read',
    subject: ENTITY_UIDS.event,
  };
  let superAdmin: AdminSession;
  let documentId: string;
  let changed: number;
  const syncPath = (type: string, document: string) => `/stager/entries/${type}/${document}/sync`;

  beforeAll(async () => {
    superAdmin = await adminSession(site.strapi, site.baseUrl, 'super-admin');
    await send(buildUpdateEvents({ events: [exampleEvent({ id })] }));
    changed = await send(
      buildUpdateEvents({ events: [exampleEvent({ id, name: 'Nachtcollege: nieuwe titel' })] })
    );
    documentId = (await entryOf(site.strapi, ENTITY_UIDS.event, id))!.documentId;
  });

  it("tells an entry's sync status and its last changes", async () => {
    const answer = await superAdmin.call('GET', syncPath('event', documentId));
    expect(answer.status).toBe(200);
    const status = answer.json.data;
    expect(status).toMatchObject({
      entryType: 'event',
      stagerId: id,
      lastMessageId: changed,
      offSite: null,
      canReplay: true,
      authority: expect.objectContaining({ name: 'stager' }),
    });
    expect(Date.parse(status.lastSyncedAt)).toBeGreaterThan(Date.now() - 60_000);
    expect(status.changes.map((change: LooseRow) => change.action)).toEqual(['changed', 'created']);
    expect(status.changes[0].messageId).toBe(changed);
    // The payload as received (`raw`) is the message's to show, not the record's.
    expect(status.changes[0].fields).toEqual([
      {
        field: 'name',
        kind: 'value',
        old: 'Nachtcollege: Sterren & Straten',
        new: 'Nachtcollege: nieuwe titel',
      },
    ]);
  });

  it('lists on the message page what the message did to each entry', async () => {
    const answer = await superAdmin.call('GET', `/stager/messages/${changed}`);
    expect(answer.status).toBe(200);
    const entries = answer.json.data.entries as LooseRow[];
    expect(entries.find((entry) => entry.stagerId === id)).toMatchObject({
      documentId,
      change: { action: 'changed', fields: ['name'] },
    });
    expect(entries.find((entry) => entry.type === 'organization')).toMatchObject({
      change: null,
    });
  });

  it('tells the last sync of entries of a list', async () => {
    const answer = await superAdmin.call(
      'GET',
      `/stager/entries/event/last-synced?documentIds=${documentId},no-such-document`
    );
    expect(answer.status).toBe(200);
    expect(Object.keys(answer.json.data)).toEqual([documentId]);
    expect(Date.parse(answer.json.data[documentId])).toBeGreaterThan(Date.now() - 60_000);
  });

  it('says why an entry is not on the site: removed by a message, waiting for review', async () => {
    const removed = await send(deleteEvents([id]));
    const answer = await superAdmin.call('GET', syncPath('event', documentId));
    expect(answer.json.data.offSite).toMatchObject({ reason: 'removed', messageId: removed });

    site.setOption('newEvents', 'review');
    try {
      await send(buildUpdateEvents({ events: [exampleEvent({ id: 'ev-review' })] }));
    } finally {
      site.setOption('newEvents', 'publish');
    }
    const review = (await entryOf(site.strapi, ENTITY_UIDS.event, 'ev-review'))!;
    expect(
      (await superAdmin.call('GET', syncPath('event', review.documentId))).json.data.offSite
    ).toEqual({ reason: 'review' });
  });

  it("follows the plugin's and the Content Manager's permissions", async () => {
    const reader = await adminSession(site.strapi, site.baseUrl, [ACTIONS.readHistory, readEvents]);
    const ok = await reader.call('GET', syncPath('event', documentId));
    expect(ok.status).toBe(200);
    expect(ok.json.data.canReplay).toBe(false);
    const organization = (await entryOf(site.strapi, ENTITY_UIDS.organization, 'org-4512'))!;
    expect(
      (await reader.call('GET', syncPath('organization', organization.documentId))).status
    ).toBe(403);
    expect(
      (await reader.call('POST', `/stager/entries/event/${documentId}/replay-last`)).status
    ).toBe(403);

    const withoutHistory = await adminSession(site.strapi, site.baseUrl, [readEvents]);
    expect((await withoutHistory.call('GET', syncPath('event', documentId))).status).toBe(403);
    const withoutContentManager = await adminSession(site.strapi, site.baseUrl, [
      ACTIONS.readHistory,
    ]);
    expect((await withoutContentManager.call('GET', syncPath('event', documentId))).status).toBe(
      403
    );
    expect(
      (
        await withoutContentManager.call(
          'GET',
          `/stager/entries/event/last-synced?documentIds=${documentId}`
        )
      ).status
    ).toBe(403);
  });

  it("applies an entry's last message again for a user who may replay", async () => {
    const replayer = await adminSession(site.strapi, site.baseUrl, [
      ACTIONS.readHistory,
      ACTIONS.replay,
      readEvents,
    ]);
    const { lastMessageId } = (await replayer.call('GET', syncPath('event', documentId))).json.data;
    const answer = await replayer.call('POST', `/stager/entries/event/${documentId}/replay-last`);
    expect(answer.status).toBe(200);
    expect(answer.json.data).toEqual({ id: lastMessageId, replays: 1 });
  });
});
