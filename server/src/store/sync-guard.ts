import { randomUUID } from 'node:crypto';
import type { Core } from '@strapi/strapi';
import { SYNC_STATE_UID } from './entity-types';

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
      whenRemovedLater?: () => Promise<WriteResult>;
      whenCreatedLater?: () => Promise<void>;
    }
  | { kind: 'remove' };

export type GuardOutcome = 'written' | 'unchanged' | 'stale';

/** Whose state a row is: an entity, or an organisation's latest full sync. */
export type StateKind = 'organization' | 'location' | 'event' | 'organization-sync';

interface StateRow {
  sequence: string | number;
  content_hash: string | null;
  removed: boolean | number;
  /** The message that created the entry; 0 once an editor saved it, null when not known. */
  creation_sequence: string | number | null;
  detail: string | object | null;
}

const STATE_COLUMNS = ['sequence', 'content_hash', 'removed', 'creation_sequence', 'detail'];
const STATES_PER_STATEMENT = 200;

export interface SyncMarker {
  sequence: number;
  receivedAt: Date;
  listedEventIds: Set<string>;
}

// The knex transaction Strapi hands to `strapi.db.transaction` callbacks.
type Transaction = Parameters<Parameters<Core.Strapi['db']['transaction']>[0]>[0]['trx'];

/**
 * Receipt order, per entity: a message never overwrites or removes what a later-received message
 * wrote. The state row of each entity is locked for the rest of the transaction (SQLite serialises
 * transactions anyway), so concurrent workers apply their changes one after the other, in order.
 * A removal is remembered even when the entity does not exist yet.
 */
export function createSyncGuard(strapi: Core.Strapi) {
  const table = () => strapi.db.metadata.get(SYNC_STATE_UID).tableName;
  const returnsRows = strapi.db.dialect.useReturning();
  const key = (kind: StateKind, stagerId: string) => ({ entity_type: kind, stager_id: stagerId });

  // States changed in each open transaction, written together when its work is done (`flush`).
  // A state is locked before it is changed, so the transaction's own copy is the latest.
  const changedStates = new WeakMap<Transaction, Map<string, StateRow & ReturnType<typeof key>>>();
  const changedStatesOf = (trx: Transaction) => {
    let changed = changedStates.get(trx);
    if (!changed) changedStates.set(trx, (changed = new Map()));
    return changed;
  };
  const stateKey = (kind: StateKind, stagerId: string) => JSON.stringify([kind, stagerId]);

  /**
   * The state row of `kind`/`stagerId`, created if missing and locked until the transaction ends:
   * exclusively to change it, shared to read it. Creating it first means there is always a row to
   * lock, so a reader and a writer of a state nobody has written yet still take turns.
   */
  async function lockState(
    trx: Transaction,
    kind: StateKind,
    stagerId: string,
    mode: 'update' | 'share' = 'update'
  ): Promise<StateRow> {
    const changed = changedStates.get(trx)?.get(stateKey(kind, stagerId));
    if (changed) return changed;
    const now = new Date();
    const upsert = trx(table())
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
    if (mode === 'update' && returnsRows)
      return ((await upsert.returning(STATE_COLUMNS)) as StateRow[])[0];
    await upsert;
    const select = trx(table()).select(STATE_COLUMNS).where(key(kind, stagerId));
    return (mode === 'update' ? select.forUpdate() : select.forShare()).first();
  }

  const syncsRead = new WeakMap<
    Transaction,
    Map<string, { state: StateRow; marker: SyncMarker | null }>
  >();

  function saveState(
    trx: Transaction,
    kind: StateKind,
    stagerId: string,
    state: StateRow,
    values: Partial<StateRow>
  ): void {
    changedStatesOf(trx).set(stateKey(kind, stagerId), {
      ...state,
      ...values,
      ...key(kind, stagerId),
    });
  }

  return {
    /**
     * Calls `write` when the message with `sequence` may change the entity, and records that it
     * did. Identical content is not written again. Must run inside `strapi.db.transaction`, with
     * `flush` at its end.
     */
    async apply(
      trx: Transaction,
      kind: StateKind,
      stagerId: string,
      sequence: number,
      change: Change,
      write: () => Promise<WriteResult>
    ): Promise<GuardOutcome> {
      const state = await lockState(trx, kind, stagerId);
      if (Number(state.sequence) > sequence) {
        if (change.kind !== 'write') return 'stale';
        const createdHere =
          Boolean(state.removed) && (await change.whenRemovedLater?.()) === 'created';
        const createdLater = !createdHere && Number(state.creation_sequence ?? 0) > sequence;
        if (createdLater) await change.whenCreatedLater?.();
        if (createdHere || createdLater)
          saveState(trx, kind, stagerId, state, { creation_sequence: sequence });
        return 'stale';
      }

      const removed = change.kind === 'remove';
      const hash = change.kind === 'write' ? change.hash : state.content_hash;
      const unchanged =
        Boolean(state.removed) === removed && (removed || state.content_hash === hash);
      const next = { sequence, content_hash: hash, removed };
      saveState(trx, kind, stagerId, state, next);
      if (unchanged) return 'unchanged';
      if ((await write()) === 'created')
        saveState(trx, kind, stagerId, state, { ...next, creation_sequence: sequence });
      return 'written';
    },

    /** Records an organisation's full sync, unless a later one is already recorded. */
    async recordSync(
      trx: Transaction,
      organizationId: string,
      marker: SyncMarker
    ): Promise<boolean> {
      const state = await lockState(trx, 'organization-sync', organizationId);
      if (Number(state.sequence) > marker.sequence) return false;
      const detail = JSON.stringify({
        receivedAt: marker.receivedAt.toISOString(),
        listedEventIds: [...marker.listedEventIds],
      });
      saveState(trx, 'organization-sync', organizationId, state, {
        sequence: marker.sequence,
        detail,
      });
      return true;
    },

    /** Writes the states the transaction changed: call it once its work is done. */
    async flush(trx: Transaction): Promise<void> {
      const changed = changedStates.get(trx);
      changedStates.delete(trx);
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
        await trx(table())
          .insert(rows.slice(start, start + STATES_PER_STATEMENT))
          .onConflict(['entity_type', 'stager_id'])
          .merge([...STATE_COLUMNS, 'updated_at']);
      }
    },

    /**
     * The organisation's latest full sync, if any: read and locked once per transaction (a sync
     * lists thousands of events), and read again after the transaction recorded a later one.
     */
    async latestSync(trx: Transaction, organizationId: string): Promise<SyncMarker | null> {
      const recorded = changedStates.get(trx)?.get(stateKey('organization-sync', organizationId));
      let known = syncsRead.get(trx);
      if (!known) syncsRead.set(trx, (known = new Map()));
      const read = known.get(organizationId);
      if (read && (recorded === undefined || read.state === recorded)) return read.marker;
      const state =
        recorded ?? (await lockState(trx, 'organization-sync', organizationId, 'share'));
      const marker = syncMarkerOf(state);
      known.set(organizationId, { state, marker });
      return marker;
    },
  };
}

export type SyncGuard = ReturnType<typeof createSyncGuard>;
export type { Transaction };

function syncMarkerOf(state: StateRow): SyncMarker | null {
  if (!state.detail) return null;
  const detail = (typeof state.detail === 'string' ? JSON.parse(state.detail) : state.detail) as {
    receivedAt: string;
    listedEventIds: string[];
  };
  return {
    sequence: Number(state.sequence),
    receivedAt: new Date(detail.receivedAt),
    listedEventIds: new Set(detail.listedEventIds),
  };
}
