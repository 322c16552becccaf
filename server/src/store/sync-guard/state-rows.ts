import { randomUUID } from 'node:crypto';
import type { Core } from '@strapi/strapi';
import { SYNC_STATE_UID } from '../entity-types';
import type { Transaction } from '../transaction';

/** Whose state a row is: an entity, or an organisation's latest full sync. */
export type StateKind = 'organization' | 'location' | 'event' | 'organization-sync';

export interface StateRow {
  sequence: string | number;
  content_hash: string | null;
  removed: boolean | number;
  /** The message that created the entry; 0 once an editor saved it, null when not known. */
  creation_sequence: string | number | null;
  detail: string | object | null;
}

const STATE_COLUMNS = ['sequence', 'content_hash', 'removed', 'creation_sequence', 'detail'];
const STATES_PER_STATEMENT = 200;

const key = (kind: StateKind, stagerId: string) => ({ entity_type: kind, stager_id: stagerId });
const stateKey = (kind: StateKind, stagerId: string) => JSON.stringify([kind, stagerId]);

/** The sync states' table, and the states each open transaction changed. */
export interface StateRows {
  table: () => string;
  returnsRows: boolean;
  // Written together when the transaction's work is done (`flush`). A state is locked before it
  // is changed, so the transaction's own copy is the latest.
  changed: WeakMap<Transaction, Map<string, StateRow & ReturnType<typeof key>>>;
}

export const createStateRows = (strapi: Core.Strapi): StateRows => ({
  table: () => strapi.db.metadata.get(SYNC_STATE_UID).tableName,
  returnsRows: strapi.db.dialect.useReturning(),
  changed: new WeakMap(),
});

/** The state of `kind`/`stagerId` as the transaction changed it, if it did. */
export const changedState = (
  states: StateRows,
  trx: Transaction,
  kind: StateKind,
  stagerId: string
): StateRow | undefined => states.changed.get(trx)?.get(stateKey(kind, stagerId));

/**
 * The state row of `kind`/`stagerId`, created if missing and locked until the transaction ends:
 * exclusively to change it, shared to read it. Creating it first means there is always a row to
 * lock, so a reader and a writer of a state nobody has written yet still take turns.
 */
export async function lockState(
  states: StateRows,
  trx: Transaction,
  kind: StateKind,
  stagerId: string,
  mode: 'update' | 'share' = 'update'
): Promise<StateRow> {
  const changed = changedState(states, trx, kind, stagerId);
  if (changed) return changed;
  const now = new Date();
  const upsert = trx(states.table())
    .insert({
      document_id: randomUUID(),
      ...key(kind, stagerId),
      sequence: 0,
      removed: false,
      created_at: now,
      updated_at: now,
    })
    .onConflict(['entity_type', 'stager_id'])
    // A no-op update rather than IGNORE: it takes the row's exclusive lock at once. With IGNORE,
    // MariaDB takes a shared lock that concurrent transactions then deadlock upgrading.
    .merge(['entity_type']);
  // Where the upsert can return the row it locked, that is all it takes.
  if (mode === 'update' && states.returnsRows)
    return ((await upsert.returning(STATE_COLUMNS)) as StateRow[])[0];
  await upsert;
  const select = trx(states.table()).select(STATE_COLUMNS).where(key(kind, stagerId));
  return (mode === 'update' ? select.forUpdate() : select.forShare()).first();
}

/** Keeps the state's new `values` until the transaction's `flush`. */
export function saveState(
  states: StateRows,
  trx: Transaction,
  kind: StateKind,
  stagerId: string,
  state: StateRow,
  values: Partial<StateRow>
): void {
  let changed = states.changed.get(trx);
  if (!changed) states.changed.set(trx, (changed = new Map()));
  changed.set(stateKey(kind, stagerId), { ...state, ...values, ...key(kind, stagerId) });
}

/** Writes the states the transaction changed: call it once its work is done. */
export async function flush(states: StateRows, trx: Transaction): Promise<void> {
  const changed = states.changed.get(trx);
  states.changed.delete(trx);
  if (!changed?.size) return;
  const now = new Date();
  const rows = [...changed.values()].map((state) => ({
    document_id: randomUUID(),
    ...state,
    // As read back, JSON may be parsed already (PostgreSQL, MySQL); it is written as text.
    detail:
      state.detail !== null && typeof state.detail === 'object'
        ? JSON.stringify(state.detail)
        : state.detail,
    created_at: now,
    updated_at: now,
  }));
  for (let start = 0; start < rows.length; start += STATES_PER_STATEMENT) {
    await trx(states.table())
      .insert(rows.slice(start, start + STATES_PER_STATEMENT))
      .onConflict(['entity_type', 'stager_id'])
      .merge([...STATE_COLUMNS, 'updated_at']);
  }
}
