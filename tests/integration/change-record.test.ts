import { sendAndSettle, INBOX_UID, type LooseRow } from '../helpers/inbox';
import { startSite, type TestSite } from '../helpers/site';
import { prunePayloads } from '../../server/src/inbox/retention';
import { createInboxStore } from '../../server/src/inbox/store';
import { CHANGE_RECORD_UID } from '../../server/src/store/entity-types';
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
      expect(
        fieldNames(record)
          .filter((name) => name !== 'raw')
          .sort()
      ).toEqual(index % 2 === 0 ? ['end', 'name'] : ['name']);
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
