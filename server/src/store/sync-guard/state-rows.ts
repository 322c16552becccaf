import { randomUUID } from 'node:crypto';
import type { Core } from '@strapi/strapi';
import { SYNC_STATE_UID } from '../entity-types';
import { mapOf, type Transaction } from '../transaction';

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
  /** The states each open transaction locked exclusively, as it read them. */
  locked: WeakMap<Transaction, Map<string, StateRow>>;
}

export const createStateRows = (strapi: Core.Strapi): StateRows => ({
  table: () => strapi.db.metadata.get(SYNC_STATE_UID).tableName,
  returnsRows: strapi.db.dialect.useReturning(),
  changed: new WeakMap(),
  locked: new WeakMap(),
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
 * exclusively to change it, shared to read it.
 */
export async function lockState(
  states: StateRows,
  trx: Transaction,
  kind: StateKind,
  stagerId: string,
  mode: 'update' | 'share' = 'update'
): Promise<StateRow> {
  const known =
    changedState(states, trx, kind, stagerId) ??
    states.locked.get(trx)?.get(stateKey(kind, stagerId));
  if (known) return known;
  if (mode === 'update') return (await lockStates(states, trx, [[kind, stagerId]]))[0];
  await createMissing(states, trx, [[kind, stagerId]]);
  return trx(states.table()).select(STATE_COLUMNS).where(key(kind, stagerId)).forShare().first();
}

/**
 * Locks the state rows of `entities` exclusively, in the order given, in one statement where the
 * database returns the rows it upserts (two elsewhere), and keeps them for the transaction's later
 * `lockState` calls. Returns the states in the order of `entities`.
 */
export async function lockStates(
  states: StateRows,
  trx: Transaction,
  entities: ReadonlyArray<readonly [StateKind, string]>
): Promise<StateRow[]> {
  const known = mapOf(states.locked, trx);
  const missing = [
    ...new Map(
      entities
        .filter(
          ([kind, stagerId]) =>
            !changedState(states, trx, kind, stagerId) && !known.has(stateKey(kind, stagerId))
        )
        .map((entity) => [stateKey(...entity), entity])
    ).values(),
  ];
  if (missing.length > 0) {
    const upsert = createMissing(states, trx, missing);
    const rows = states.returnsRows
      ? ((await upsert.returning(KEYED_COLUMNS)) as KeyedStateRow[])
      : await upsert.then(() =>
          trx(states.table())
            .select(KEYED_COLUMNS)
            .whereIn(['entity_type', 'stager_id'], missing)
            .forUpdate()
        );
    for (const { entity_type, stager_id, ...state } of rows as KeyedStateRow[])
      known.set(stateKey(entity_type, stager_id), state);
  }
  return entities.map(
    ([kind, stagerId]) =>
      changedState(states, trx, kind, stagerId) ?? known.get(stateKey(kind, stagerId))!
  );
}

type KeyedStateRow = StateRow & { entity_type: StateKind; stager_id: string };
const KEYED_COLUMNS = ['entity_type', 'stager_id', ...STATE_COLUMNS];

/**
 * Inserts the state rows of `entities` that do not exist yet, and locks them all exclusively.
 * Creating a missing row first means there is always a row to lock, so a reader and a writer of a
 * state nobody has written yet still take turns.
 */
function createMissing(
  states: StateRows,
  trx: Transaction,
  entities: ReadonlyArray<readonly [StateKind, string]>
) {
  const now = new Date();
  return (
    trx(states.table())
      .insert(
        entities.map(([kind, stagerId]) => ({
          document_id: randomUUID(),
          ...key(kind, stagerId),
          sequence: 0,
          removed: false,
          created_at: now,
          updated_at: now,
        }))
      )
      .onConflict(['entity_type', 'stager_id'])
      // A no-op update rather than IGNORE: it takes the row's exclusive lock at once. With IGNORE,
      // MariaDB takes a shared lock that concurrent transactions then deadlock upgrading.
      .merge(['entity_type'])
  );
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
  mapOf(states.changed, trx).set(stateKey(kind, stagerId), {
    ...state,
    ...values,
    ...key(kind, stagerId),
  });
}

/** Writes the states the transaction changed: call it once its work is done. */
export async function flush(states: StateRows, trx: Transaction): Promise<void> {
  const changed = states.changed.get(trx);
  states.changed.delete(trx);
  states.locked.delete(trx);
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
