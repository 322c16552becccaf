/** How many times a transaction chosen as a deadlock's victim is run again before its error stands. */
export const CONFLICT_ATTEMPTS = 3;

/**
 * True for the errors with which PostgreSQL (deadlock, serialization failure) and MySQL/MariaDB
 * (deadlock) roll a transaction back because another one held what it needed: running the same
 * transaction again is the documented remedy. Two messages that touch the same entries in another
 * order can meet this way at any concurrency above 1.
 */
export function isTransactionConflict(error: unknown): boolean {
  const { code, errno } = (error ?? {}) as { code?: unknown; errno?: unknown };
  return code === '40P01' || code === '40001' || code === 'ER_LOCK_DEADLOCK' || errno === 1213;
}
