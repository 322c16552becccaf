import { messageApplier } from '../helpers/apply';
import { checkReceiptOrder, publicState } from '../helpers/receipt-order';
import { startSite, type TestSite } from '../helpers/site';
import { refuseRows, REFUSAL } from '../helpers/refuse-rows';
import { createInboxStore, INBOX_UID } from '../../server/src/inbox/store';
import { ENTITY_UIDS, SYNC_STATE_UID } from '../../server/src/store/entity-types';
import { buildUpdateEvents, exampleEvent } from '../../scripts/samples.mjs';

let site: TestSite;
let apply: ReturnType<typeof messageApplier>;

beforeAll(async () => {
  site = await startSite({ STAGER_WORKER: 'false' });
  apply = messageApplier(site.strapi);
});

afterAll(async () => {
  await site?.stop();
});

const query = (type: keyof typeof ENTITY_UIDS) => site.strapi.db.query(ENTITY_UIDS[type] as never);

it('never lets an older message overwrite what a newer one wrote', async () => {
  await apply(buildUpdateEvents({ events: [exampleEvent({ id: 'ev-order', name: 'Newer' })] }), 20);
  await apply(buildUpdateEvents({ events: [exampleEvent({ id: 'ev-order', name: 'Older' })] }), 10);
  const event = await query('event').findOne({ where: { stagerId: 'ev-order' } });
  expect(event).toMatchObject({ name: 'Newer', syncSequence: expect.anything() });
  expect(Number(event!.syncSequence)).toBe(20);
});

it('never lets an older update bring back what a newer delete removed', async () => {
  await apply(
    {
      messageType: 'DELETE_EVENTS',
      messageContent: { organizationId: 'org-4512', eventIds: ['ev-gone'] },
    },
    30
  );
  await apply(buildUpdateEvents({ events: [exampleEvent({ id: 'ev-gone' })] }), 25);
  expect(
    await query('event').findOne({ where: { stagerId: 'ev-gone', removedAt: { $null: true } } })
  ).toBeNull();
});

it('creates one entry when several workers write the same new event at once', async () => {
  const versions = [41, 42, 43, 44, 45, 46];
  await Promise.all(
    versions.map((sequence) =>
      apply(
        buildUpdateEvents({
          events: [exampleEvent({ id: 'ev-race', name: `Version ${sequence}` })],
        }),
        sequence
      )
    )
  );
  const events = await query('event').findMany({ where: { stagerId: 'ev-race' } });
  expect(events).toHaveLength(1);
  expect(events[0].name).toBe('Version 46');
});

it('keeps the last of several versions of one location in a message, even one seen before', async () => {
  const version = (name: string) => ({ id: 'loc-repeated', name });
  await apply(
    buildUpdateEvents({
      events: [
        exampleEvent({ id: 'ev-rep-1', location: version('First') }),
        exampleEvent({ id: 'ev-rep-2', location: version('Second') }),
        exampleEvent({ id: 'ev-rep-3', location: version('First') }),
      ],
    }),
    50
  );
  const location = await query('location').findOne({ where: { stagerId: 'loc-repeated' } });
  expect(location?.name).toBe('First');
});

it('leaves a once field as its creator wrote it when a later message is committed with it', async () => {
  const once = messageApplier(site.strapi, { fieldAuthority: { event: { name: 'once' } } });
  const named = (name: string) =>
    buildUpdateEvents({ events: [exampleEvent({ id: 'ev-once-grouped', name })] });
  // The first transaction runs alone; the two asked for while it runs are committed together.
  await Promise.all([
    once(buildUpdateEvents({ events: [exampleEvent({ id: 'ev-once-first' })] }), 60),
    once(named('Created'), 61),
    once(named('Renamed later'), 62),
  ]);
  const event = await query('event').findOne({ where: { stagerId: 'ev-once-grouped' } });
  expect(event).toMatchObject({ name: 'Created', syncSequence: expect.anything() });
  expect(Number(event!.syncSequence)).toBe(62);
});

it('reaches the same public state in receipt order and shuffled with concurrency', async () => {
  await checkReceiptOrder(
    site.strapi,
    async (inOrder, shuffled) => {
      expect(await publicState(site.strapi, shuffled)).toEqual(
        await publicState(site.strapi, inOrder)
      );
    },
    40
  );
}, 240_000);

describe('work committed together', () => {
  /** Four writes asked for at once, of which the database refuses the third. */
  const THIRD_REFUSED = ['fulfilled', 'fulfilled', 'rejected', 'fulfilled'];
  const oneEvent = (stagerId: string) =>
    buildUpdateEvents({ events: [exampleEvent({ id: stagerId })] });

  it('applies the messages of a group whose shared locking failed, all but the one that caused it', async () => {
    const states = site.strapi.db.metadata.get(SYNC_STATE_UID).tableName;
    const allow = await refuseRows(site.strapi, states, 'stager_id', 'ev-grouped-refused');
    let outcomes: Array<PromiseSettledResult<unknown>>;
    try {
      // The first runs alone; the three asked for while it runs lock their entities together.
      outcomes = await Promise.allSettled(
        ['ev-grouped-first', 'ev-grouped-a', 'ev-grouped-refused', 'ev-grouped-b'].map(
          (stagerId, index) => apply(oneEvent(stagerId), 80 + index)
        )
      );
    } finally {
      await allow();
    }
    expect(outcomes.map((outcome) => outcome.status)).toEqual(THIRD_REFUSED);
    expect(String((outcomes[2] as PromiseRejectedResult).reason)).toContain(REFUSAL);
    const stored = await query('event').findMany({
      where: { stagerId: { $startsWith: 'ev-grouped-' } },
      select: ['stagerId'],
    });
    expect(stored.map((event) => event.stagerId).sort()).toEqual([
      'ev-grouped-a',
      'ev-grouped-b',
      'ev-grouped-first',
    ]);
  });

  it('records the outcomes of messages that end together, all but one the database refuses', async () => {
    const inbox = createInboxStore(site.strapi);
    const message = { messageType: 'UPDATE_EVENTS', organizationId: null, sourceAddress: null };
    const ids = await Promise.all(
      [1, 2, 3, 4].map(() =>
        inbox.record({ ...message, size: 2, sha256: 'test', itemCount: 1, payload: '{}' })
      )
    );
    const table = site.strapi.db.metadata.get(INBOX_UID).tableName;
    const allow = await refuseRows(site.strapi, table, 'id', ids[2]);
    let outcomes: Array<PromiseSettledResult<unknown>>;
    try {
      // The first is written alone; the three that end while it is written, in one statement.
      outcomes = await Promise.allSettled(
        ids.map((id) =>
          inbox.finish(id, {
            status: 'processed',
            itemsProcessed: 1,
            itemErrors: [{ path: 'messageContent', reason: `message ${id}` }],
            startedAt: new Date(Date.now() - 25),
            attempts: 1,
          })
        )
      );
    } finally {
      await allow();
    }
    expect(outcomes.map((outcome) => outcome.status)).toEqual(THIRD_REFUSED);
    const stored = await site.strapi.db.query(INBOX_UID as never).findMany({
      where: { id: { $in: ids } },
    });
    const rows = ids.map((id) => stored.find((row) => row.id === id)!);
    expect(rows.map((row) => row.status)).toEqual([
      'processed',
      'processed',
      'received',
      'processed',
    ]);
    const [last] = rows.slice(-1);
    expect(last).toMatchObject({
      itemsProcessed: 1,
      itemsFailed: 0,
      attempts: 1,
      itemErrors: [{ path: 'messageContent', reason: `message ${ids[3]}` }],
      error: null,
    });
    expect(new Date(last.finishedAt as string).getTime()).toBeGreaterThan(
      new Date(last.startedAt as string).getTime()
    );
    expect(last.durationMs).toBeGreaterThanOrEqual(25);
  });
});
