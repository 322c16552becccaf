import { mapOf, type Transaction } from '../transaction';
import { changedState, lockState, saveState, type StateRow, type StateRows } from './state-rows';

export interface SyncMarker {
  sequence: number;
  receivedAt: Date;
  listedEventIds: Set<string>;
}

/** The organisations' full syncs each open transaction read, with the state read them from. */
export type SyncsRead = WeakMap<
  Transaction,
  Map<string, { state: StateRow; marker: SyncMarker | null }>
>;

/** Records an organisation's full sync, unless a later one is already recorded. */
export async function recordSync(
  states: StateRows,
  trx: Transaction,
  organizationId: string,
  marker: SyncMarker
): Promise<boolean> {
  const state = await lockState(states, trx, 'organization-sync', organizationId);
  if (Number(state.sequence) > marker.sequence) return false;
  const detail = JSON.stringify({
    receivedAt: marker.receivedAt.toISOString(),
    listedEventIds: [...marker.listedEventIds],
  });
  saveState(states, trx, 'organization-sync', organizationId, state, {
    sequence: marker.sequence,
    detail,
  });
  return true;
}

/**
 * The organisation's latest full sync, if any: read and locked once per transaction (a sync
 * lists thousands of events), and read again after the transaction recorded a later one.
 */
export async function latestSync(
  states: StateRows,
  syncsRead: SyncsRead,
  trx: Transaction,
  organizationId: string
): Promise<SyncMarker | null> {
  const recorded = changedState(states, trx, 'organization-sync', organizationId);
  const known = mapOf(syncsRead, trx);
  const read = known.get(organizationId);
  if (read && (recorded === undefined || read.state === recorded)) return read.marker;
  const state =
    recorded ?? (await lockState(states, trx, 'organization-sync', organizationId, 'share'));
  const marker = syncMarkerOf(state);
  known.set(organizationId, { state, marker });
  return marker;
}

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
