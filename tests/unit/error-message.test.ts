import { errorMessage } from '../../server/src/utils/error-message';

describe('errorMessage', () => {
  it('keeps only the database’s reason of a knex error, not the statement and its values', () => {
    const error = new Error(
      "insert into `stager_inbox_messages` (`payload`) values ('H4sIAAAA - not the end') returning `id` - writes refused"
    );
    expect(errorMessage(error)).toBe('writes refused');
  });

  it('gives anything thrown as one line of bounded length', () => {
    expect(errorMessage('plain\nstring')).toBe('plain string');
    expect(errorMessage(new Error('x'.repeat(2_000)))).toHaveLength(501);
    expect(errorMessage(new Error('the events table is locked for maintenance'))).toBe(
      'the events table is locked for maintenance'
    );
  });
});
