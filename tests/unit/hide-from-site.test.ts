import { restrictQuery, restrictWhere } from '../../server/src/read-api/hide-from-site';

const EVENT = 'plugin::stager.event';
const LOCATION = 'plugin::stager.location';
const ARTICLE = 'api::article.article';
const MODELS: Record<string, { attributes: Record<string, { type: string; target?: string }> }> = {
  [LOCATION]: {
    attributes: { name: { type: 'string' }, events: { type: 'relation', target: EVENT } },
  },
  [EVENT]: {
    attributes: { name: { type: 'string' }, location: { type: 'relation', target: LOCATION } },
  },
  [ARTICLE]: {
    attributes: { title: { type: 'string' }, events: { type: 'relation', target: EVENT } },
  },
};
const metadata = (uid: string) => MODELS[uid];
const shownEvent = {
  $and: [{ removedAt: { $null: true } }, { $or: [{ hidden: { $null: true } }, { hidden: false }] }],
};

describe('restrictWhere', () => {
  it('makes a condition through a relation match only shown entries, at any depth', () => {
    expect(restrictWhere(metadata, ARTICLE, { events: { name: 'X' }, title: 'T' })).toEqual({
      events: { $and: [{ name: 'X' }, shownEvent] },
      title: 'T',
    });
    expect(
      restrictWhere(metadata, ARTICLE, { $or: [{ events: { location: { name: 'L' } } }] })
    ).toEqual({
      $or: [
        {
          events: {
            $and: [
              { location: { $and: [{ name: 'L' }, { removedAt: { $null: true } }] } },
              shownEvent,
            ],
          },
        },
      ],
    });
    expect(restrictWhere(metadata, ARTICLE, { events: 4 })).toEqual({
      events: { $and: [{ id: 4 }, shownEvent] },
    });
  });

  it('leaves conditions on fields and on other models alone', () => {
    expect(restrictWhere(metadata, ARTICLE, { title: { $eq: 'x' } })).toEqual({
      title: { $eq: 'x' },
    });
    expect(restrictWhere(metadata, 'api::unknown.unknown', { events: 1 })).toEqual({ events: 1 });
  });
});

describe('restrictQuery', () => {
  const filtersOf = (query: { filters?: unknown }, uid: string) =>
    (query.filters as (context: { meta: { uid: string } }) => unknown)({ meta: { uid } });

  it('gives the root a condition every sub-query inherits, for the model each reads', () => {
    const query: Record<string, unknown> = { populate: { events: true } };
    restrictQuery(metadata, LOCATION, query, true);
    expect(filtersOf(query, EVENT)).toEqual(shownEvent);
    expect(filtersOf(query, LOCATION)).toEqual({ removedAt: { $null: true } });
    expect(filtersOf(query, ARTICLE)).toBeUndefined();
  });

  it('keeps a query’s own filters and wraps those a sub-query brings', () => {
    const own = () => ({ publishedAt: { $notNull: true } });
    const sub: Record<string, unknown> = { filters: own, where: { location: { name: 'L' } } };
    const query: Record<string, unknown> = { filters: own, populate: { events: sub } };
    restrictQuery(metadata, ARTICLE, query, true);
    expect(filtersOf(query, ARTICLE)).toEqual({ publishedAt: { $notNull: true } });
    expect(filtersOf(sub, EVENT)).toEqual({
      $and: [{ publishedAt: { $notNull: true } }, shownEvent],
    });
    expect(sub.where).toEqual({
      location: { $and: [{ name: 'L' }, { removedAt: { $null: true } }] },
    });
  });
});
