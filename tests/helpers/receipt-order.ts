import type { Core } from '@strapi/strapi';
import fc from 'fast-check';
import type { FieldAuthorityMap } from '../../shared/contracts/fields';
import { ENTITY_UIDS } from '../../server/src/store/entity-types';
import { exampleEvent } from '../../scripts/samples.mjs';
import { messageApplier } from './apply';
import type { LooseRow } from './inbox';

// The order property: any sequence of the six message types, applied in receipt order or shuffled
// with concurrency, leaves the same public state. Each run writes two worlds of its own, one in
// receipt order and one shuffled, told apart by the prefix of their Stager ids.

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

const query = (strapi: Core.Strapi, type: keyof typeof ENTITY_UIDS) =>
  strapi.db.query(ENTITY_UIDS[type] as never);

/**
 * What a front end can see of one world, with the world's prefix taken off: in `locale` where the
 * synced types have locales.
 */
export async function publicState(strapi: Core.Strapi, world: string, locale?: string) {
  const strip = (id: string) => id.slice(world.length + 1);
  const inLocale = locale ? { locale } : {};
  const events = await query(strapi, 'event').findMany({
    where: { stagerId: { $startsWith: `${world}-` }, removedAt: { $null: true }, ...inLocale },
    populate: { location: true },
    orderBy: { stagerId: 'asc' },
  });
  const locations = await query(strapi, 'location').findMany({
    where: { stagerId: { $startsWith: `${world}-` }, removedAt: { $null: true }, ...inLocale },
    orderBy: { stagerId: 'asc' },
  });
  const organization = await query(strapi, 'organization').findOne({
    where: { stagerId: `${world}-org`, ...inLocale },
  });
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

/**
 * Every row of one world's entries of `type`, removed ones too: its Stager id, locale and, for an
 * event, the locale of the location row it links to.
 */
export async function rowsOfWorld(
  strapi: Core.Strapi,
  world: string,
  type: keyof typeof ENTITY_UIDS
) {
  const rows = (await query(strapi, type).findMany({
    where: { stagerId: { $startsWith: `${world}-` } },
    populate: type === 'event' ? { location: true } : {},
    orderBy: [{ stagerId: 'asc' }, { locale: 'asc' }],
  })) as LooseRow[];
  return rows.map((row) => ({
    stagerId: row.stagerId as string,
    locale: row.locale as string | null,
    ...(row.location ? { locationLocale: row.location.locale as string | null } : {}),
  }));
}

/** Who writes the names the public state shows: each entity type follows Stager, or takes it once. */
const nameAuthority = fc.constantFrom('stager' as const, 'once' as const);
const authorities = fc
  .record({ event: nameAuthority, location: nameAuthority, organization: nameAuthority })
  .map((names): FieldAuthorityMap => ({
    event: { name: names.event },
    location: { name: names.location },
    organization: { name: names.organization },
  }));

let worlds = 0;

/**
 * Applies random sequences of messages to two new worlds of the site, one in receipt order and one
 * shuffled and three at a time, then hands both worlds' prefixes to `check`.
 */
export async function checkReceiptOrder(
  strapi: Core.Strapi,
  check: (inOrder: string, shuffled: string) => Promise<void>,
  numRuns: number
): Promise<void> {
  await fc.assert(
    fc.asyncProperty(
      fc.array(abstractMessage, { minLength: 1, maxLength: 10 }),
      fc.infiniteStream(fc.nat()),
      authorities,
      async (messages, randomness, fieldAuthority) => {
        const apply = messageApplier(strapi, { fieldAuthority });
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

        await check(inOrder, shuffled);
      }
    ),
    { numRuns }
  );
}
