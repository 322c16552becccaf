import fc from 'fast-check';
import { messageApplier } from '../helpers/apply';
import type { FieldAuthorityMap } from '../../shared/contracts/fields';
import { startSite, type TestSite } from '../helpers/site';
import { ENTITY_UIDS } from '../../server/src/store/entity-types';
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

// ---------------------------------------------------------------------------------------------
// The order property: any sequence of the six message types, applied in receipt order or shuffled
// with concurrency, leaves the same public state.

const EVENT_IDS = ['e1', 'e2', 'e3'];
const LOCATION_IDS = ['l1', 'l2'];
const someOf = (ids: string[]) => fc.subarray(ids, { minLength: 0 });

type Abstract =
  | { type: 'UPDATE_EVENTS'; events: Array<{ id: string; variant: number; location: string }> }
  | { type: 'DELETE_EVENTS'; ids: string[] }
  | { type: 'UPDATE_LOCATIONS'; locations: Array<{ id: string; variant: number }> }
  | { type: 'DELETE_LOCATIONS'; ids: string[] }
  | { type: 'UPDATE_ORGANIZATION'; variant: number }
  | {
      type: 'ORGANIZATION_SYNC';
      events: Array<{ id: string; variant: number; location: string }>;
      locations: Array<{ id: string; variant: number }>;
    };

const variant = fc.integer({ min: 1, max: 3 });
const eventItem = fc.record({
  id: fc.constantFrom(...EVENT_IDS),
  variant,
  location: fc.constantFrom(...LOCATION_IDS),
});
const locationItem = fc.record({ id: fc.constantFrom(...LOCATION_IDS), variant });
const uniqueBy = <T extends { id: string }>(items: fc.Arbitrary<T>) =>
  fc.uniqueArray(items, { selector: (item) => item.id, maxLength: 3 });

const abstractMessage: fc.Arbitrary<Abstract> = fc.oneof(
  fc.record({ type: fc.constant('UPDATE_EVENTS' as const), events: uniqueBy(eventItem) }),
  fc.record({ type: fc.constant('DELETE_EVENTS' as const), ids: someOf(EVENT_IDS) }),
  fc.record({ type: fc.constant('UPDATE_LOCATIONS' as const), locations: uniqueBy(locationItem) }),
  fc.record({ type: fc.constant('DELETE_LOCATIONS' as const), ids: someOf(LOCATION_IDS) }),
  fc.record({ type: fc.constant('UPDATE_ORGANIZATION' as const), variant }),
  fc.record({
    type: fc.constant('ORGANIZATION_SYNC' as const),
    events: uniqueBy(eventItem),
    locations: uniqueBy(locationItem),
  })
);

/** Renders an abstract message as a contract message whose ids all start with `world`. */
function render(world: string, message: Abstract, sequence: number) {
  const organization = { id: `${world}-org`, name: `Organisation v${sequence}` };
  const location = (id: string, v: number) => ({
    id: `${world}-${id}`,
    name: `Location ${id} v${v}`,
  });
  const event = (item: { id: string; variant: number; location: string }) =>
    exampleEvent({
      id: `${world}-${item.id}`,
      name: `Event ${item.id} v${item.variant}`,
      location: location(item.location, item.variant),
    });
  switch (message.type) {
    case 'UPDATE_EVENTS':
      return {
        messageType: message.type,
        messageContent: { organization, events: message.events.map(event) },
      };
    case 'DELETE_EVENTS':
      return {
        messageType: message.type,
        messageContent: {
          organizationId: organization.id,
          eventIds: message.ids.map((id) => `${world}-${id}`),
        },
      };
    case 'UPDATE_LOCATIONS':
      return {
        messageType: message.type,
        messageContent: {
          organization,
          locations: message.locations.map((l) => location(l.id, l.variant)),
        },
      };
    case 'DELETE_LOCATIONS':
      return {
        messageType: message.type,
        messageContent: {
          organizationId: organization.id,
          locationIds: message.ids.map((id) => `${world}-${id}`),
        },
      };
    case 'UPDATE_ORGANIZATION':
      return { messageType: message.type, messageContent: { organization } };
    case 'ORGANIZATION_SYNC':
      return {
        messageType: message.type,
        messageContent: {
          organization,
          locations: message.locations.map((l) => location(l.id, l.variant)),
          events: message.events.map(event),
        },
      };
  }
}

/** What a front end can see of one world, with the world's prefix taken off. */
async function publicState(world: string) {
  const strip = (id: string) => id.slice(world.length + 1);
  const events = await query('event').findMany({
    where: { stagerId: { $startsWith: `${world}-` }, removedAt: { $null: true } },
    populate: { location: true },
    orderBy: { stagerId: 'asc' },
  });
  const locations = await query('location').findMany({
    where: { stagerId: { $startsWith: `${world}-` }, removedAt: { $null: true } },
    orderBy: { stagerId: 'asc' },
  });
  const organization = await query('organization').findOne({ where: { stagerId: `${world}-org` } });
  return {
    events: events.map((e) => ({
      id: strip(e.stagerId),
      name: e.name,
      location: e.location && !e.location.removedAt ? strip(e.location.stagerId) : null,
    })),
    locations: locations.map((l) => ({ id: strip(l.stagerId), name: l.name })),
    organization: organization?.name ?? null,
  };
}

let worlds = 0;

/** Who writes the names the public state shows: each entity type follows Stager, or takes it once. */
const nameAuthority = fc.constantFrom('stager' as const, 'once' as const);
const authorities = fc
  .record({ event: nameAuthority, location: nameAuthority, organization: nameAuthority })
  .map((names): FieldAuthorityMap => ({
    event: { name: names.event },
    location: { name: names.location },
    organization: { name: names.organization },
  }));

it('reaches the same public state in receipt order and shuffled with concurrency', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.array(abstractMessage, { minLength: 1, maxLength: 10 }),
      fc.infiniteStream(fc.nat()),
      authorities,
      async (messages, randomness, fieldAuthority) => {
        const apply = messageApplier(site.strapi, { fieldAuthority });
        worlds += 1;
        const inOrder = `p${worlds}a`;
        const shuffled = `p${worlds}b`;
        const receivedAt = new Date();

        for (const [index, message] of messages.entries()) {
          await apply(render(inOrder, message, index + 1), index + 1, receivedAt);
        }

        const order = messages.map((message, index) => ({ message, sequence: index + 1 }));
        const random = randomness[Symbol.iterator]();
        for (let i = order.length - 1; i > 0; i -= 1) {
          const j = random.next().value % (i + 1);
          [order[i], order[j]] = [order[j], order[i]];
        }
        for (let start = 0; start < order.length; start += 3) {
          await Promise.all(
            order
              .slice(start, start + 3)
              .map(({ message, sequence }) =>
                apply(render(shuffled, message, sequence), sequence, receivedAt)
              )
          );
        }

        expect(await publicState(shuffled)).toEqual(await publicState(inOrder));
      }
    ),
    { numRuns: 40 }
  );
}, 240_000);
