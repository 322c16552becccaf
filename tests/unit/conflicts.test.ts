import { isTransactionConflict } from '../../server/src/store/conflicts';

describe('isTransactionConflict', () => {
  it.each([
    ['a PostgreSQL deadlock', { code: '40P01' }],
    ['a PostgreSQL serialization failure', { code: '40001' }],
    ['a MySQL/MariaDB deadlock', { code: 'ER_LOCK_DEADLOCK', errno: 1213 }],
  ])('runs %s again', (_, error) => {
    expect(isTransactionConflict(Object.assign(new Error('conflict'), error))).toBe(true);
  });

  it.each([
    ['a unique violation', { code: '23505' }],
    ['a MySQL lock wait timeout', { code: 'ER_LOCK_WAIT_TIMEOUT', errno: 1205 }],
    ['an error without a code', {}],
    ['nothing', undefined],
  ])('lets %s stand', (_, error) => {
    expect(
      isTransactionConflict(
        error === undefined ? undefined : Object.assign(new Error('other'), error)
      )
    ).toBe(false);
  });
});
