import { changes, ownedFields } from '../../server/src/fields/owned-fields';
import { effectiveAuthorities } from '../../server/src/fields/field-authority';

const IMAGE = {
  url: { type: 'string' },
  alt: { type: 'string' },
  media: { type: 'media' },
  width: { type: 'integer' },
};
const components = (uid: string) => (uid === 'stager.image' ? IMAGE : {});
const image = { type: 'component', component: 'stager.image', repeatable: true };
const relation = { type: 'relation', relation: 'manyToOne' };

describe('ownedFields', () => {
  it('holds identity, relations, bookkeeping and the mapped fields set to stager', () => {
    const owned = ownedFields('event', effectiveAuthorities({ event: { subtitle: 'once' } }, {}));
    for (const field of ['stagerId', 'location', 'organization', 'raw', 'name', 'ticketTypes'])
      expect(owned.has(field)).toBe(true);
    for (const field of ['subtitle', 'hidden', 'featured', 'editorialText', 'siteNote'])
      expect(owned.has(field)).toBe(false);
  });
});

describe('changes', () => {
  it('compares components without their ids, and media by id', () => {
    const stored = [
      { id: 7, url: 'https://a/1.jpg', alt: 'A', media: { id: 3, url: '/u/1.jpg' }, width: 10 },
    ];
    const asSent = [
      { id: 7, __temp_key__: 'a0', url: 'https://a/1.jpg', alt: 'A', media: 3, width: 10 },
    ];
    expect(changes(image, asSent, stored, components)).toBe(false);
    expect(changes(image, [{ ...asSent[0], alt: 'B' }], stored, components)).toBe(true);
    expect(changes(image, [], stored, components)).toBe(true);
    expect(changes(image, [{ ...asSent[0], media: 4 }], stored, components)).toBe(true);
  });

  it('compares times as instants, numbers as numbers and empty values as one', () => {
    const datetime = { type: 'datetime' };
    expect(
      changes(datetime, '2026-12-31T19:30:00.000Z', '2026-12-31T20:30:00+01:00', components)
    ).toBe(false);
    expect(
      changes(datetime, '2026-12-31T19:31:00.000Z', '2026-12-31T20:30:00+01:00', components)
    ).toBe(true);
    expect(changes({ type: 'biginteger' }, '12', 12, components)).toBe(false);
    expect(changes({ type: 'string' }, '', null, components)).toBe(false);
    expect(changes({ type: 'json' }, { a: [1] }, { a: [1] }, components)).toBe(false);
    expect(changes({ type: 'json' }, { a: [2] }, { a: [1] }, components)).toBe(true);
  });

  it('sees a relation change in what it connects or disconnects, not in an empty change', () => {
    const stored = { id: 5, documentId: 'loc-a' };
    expect(changes(relation, { connect: [], disconnect: [] }, stored, components)).toBe(false);
    expect(changes(relation, { connect: [{ documentId: 'loc-a' }] }, stored, components)).toBe(
      false
    );
    expect(changes(relation, { connect: [{ documentId: 'loc-b' }] }, stored, components)).toBe(
      true
    );
    expect(changes(relation, { disconnect: [{ id: 5 }] }, stored, components)).toBe(true);
    expect(changes(relation, { set: ['loc-a'] }, stored, components)).toBe(false);
    expect(changes(relation, 'loc-b', stored, components)).toBe(true);
    expect(changes(relation, undefined, stored, components)).toBe(false);
  });
});
