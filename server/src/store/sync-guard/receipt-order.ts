import type { Transaction } from '../transaction';
import { lockState, saveState, type StateKind, type StateRow, type StateRows } from './state-rows';

/** What a write did to its entry: `created` it, or changed it or nothing. */
export type WriteResult = 'created' | void;

/**
 * What a message asks of one entity: content to write (with its digest), or removal. When a later
 * message already wrote the entity, the write itself is skipped, and instead `whenRemovedLater`
 * runs if that message removed it, and `whenCreatedLater` runs if a later message created the
 * entry: this older message would have created it in receipt order.
 */
export type Change =
  | {
      kind: 'write';
      hash: string;
      /** What the write writes, field by field, kept in the state's `detail` for the next message. */
      written?: object;
      whenRemovedLater?: () => Promise<WriteResult>;
      whenCreatedLater?: () => Promise<void>;
    }
  | { kind: 'remove' };

export type GuardOutcome = 'written' | 'unchanged' | 'stale';

/**
 * Calls `write` with the entity's state before this message when the message with `sequence` may
 * change the entity, and records that it did. Identical content is not written again. Must run
 * inside `strapi.db.transaction`, with `flush` at its end.
 */
export async function apply(
  states: StateRows,
  trx: Transaction,
  kind: StateKind,
  stagerId: string,
  sequence: number,
  change: Change,
  write: (previous: StateRow) => Promise<WriteResult>
): Promise<GuardOutcome> {
  const state = await lockState(states, trx, kind, stagerId);
  if (Number(state.sequence) > sequence) {
    if (change.kind !== 'write') return 'stale';
    const createdHere = Boolean(state.removed) && (await change.whenRemovedLater?.()) === 'created';
    const createdLater = !createdHere && Number(state.creation_sequence ?? 0) > sequence;
    if (createdLater) await change.whenCreatedLater?.();
    if (createdHere || createdLater)
      saveState(states, trx, kind, stagerId, state, { creation_sequence: sequence });
    return 'stale';
  }

  const removed = change.kind === 'remove';
  const hash = change.kind === 'write' ? change.hash : state.content_hash;
  const unchanged = Boolean(state.removed) === removed && (removed || state.content_hash === hash);
  const written = change.kind === 'write' && change.written ? { detail: change.written } : {};
  const next = { sequence, content_hash: hash, removed, ...written };
  saveState(states, trx, kind, stagerId, state, next);
  if (unchanged) return 'unchanged';
  if ((await write(state)) === 'created')
    saveState(states, trx, kind, stagerId, state, { ...next, creation_sequence: sequence });
  return 'written';
}
