import type { StateRow } from '../../server/src/store/sync-guard';
import { changedFields, writtenFieldsOf } from '../../server/src/store/written-fields';

const before = { name: 'Avond', start: '2026-12-01T20:00:00Z', ticketTypes: [{ price: 1500 }] };
const state = (detail: unknown, overrides: Partial<StateRow> = {}): StateRow => ({
  sequence: 4,
  content_hash: 'digest of the last write',
  removed: false,
  creation_sequence: 1,
  detail: detail as StateRow['detail'],
  ...overrides,
});

describe('changedFields', () => {
  const lastWrite = writtenFieldsOf({ ...before, raw: { id: 'e1' } }, 'rules');

  it('keeps only the fields whose value differs from the last write, and the item as received', () => {
    const data = { ...before, name: 'Middag', raw: { id: 'e1', name: 'Middag' } };
    expect(changedFields(data, writtenFieldsOf(data, 'rules'), state(lastWrite))).toEqual({
      name: 'Middag',
      raw: data.raw,
    });
  });

  it('sees a change inside a component and a field the last write did not have', () => {
    const data = { ...before, ticketTypes: [{ price: 1750 }], subtitle: 'Nieuw' };
    expect(changedFields(data, writtenFieldsOf(data, 'rules'), state(lastWrite))).toEqual({
      ticketTypes: [{ price: 1750 }],
      subtitle: 'Nieuw',
    });
  });

  it('reads the record as the database returns it: JSON text or parsed', () => {
    const data = { ...before, name: 'Middag' };
    const written = writtenFieldsOf(data, 'rules');
    expect(changedFields(data, written, state(JSON.stringify(lastWrite)))).toEqual({
      name: 'Middag',
    });
  });

  it.each([
    ['no record of the last write', state(null)],
    ['a record of other rules (field authority, locales)', state({ ...lastWrite, rules: 'old' })],
    [
      'a save outside the sync since, which cleared the digest',
      state(lastWrite, { content_hash: null }),
    ],
    ['an entry removed since', state(lastWrite, { removed: true })],
    ['a detail that is not such a record', state({ receivedAt: '2026-12-01' })],
  ])('writes every field after %s', (_, previous) => {
    const data = { ...before, name: 'Middag' };
    expect(changedFields(data, writtenFieldsOf(data, 'rules'), previous)).toBe(data);
  });
});
