import { onceData } from '../../fields/field-authority';
import { pluginConfig } from '../../config';
import { contentHash } from '../content-hash';
import { changedFields, writtenFieldsOf } from '../written-fields';
import type { EntityType } from '../entity-types';
import type { GuardOutcome, WriteResult } from '../sync-guard';
import type { Transaction } from '../transaction';
import type { EntityStoreContext } from './context';
import { exists } from './entry-lookup';
import type { EntryData } from './pending-writes';
import { save, writeEntry } from './write-entry';

/**
 * Writes a message's content of an entity, in receipt order (see `sync-guard/`): `hash` is the
 * digest of `data`, `sequence` the message's.
 */
export function upsert(
  context: EntityStoreContext,
  trx: Transaction,
  type: EntityType,
  stagerId: string,
  sequence: number,
  hash: string,
  data: object
): Promise<GuardOutcome> {
  const { policy, guard } = context;
  // In receipt order this message created the entry before the later removal: create it, removed,
  // so that entries linking to it keep their link when it comes back.
  const whenRemovedLater = async (): Promise<WriteResult> => {
    if (await exists(context, trx, type, stagerId)) return;
    return save(context, trx, type, stagerId, {
      ...data,
      syncSequence: sequence,
      removedAt: new Date(),
    });
  };
  // A later message created the entry: its `once` fields take this older message's values, which
  // in receipt order created it.
  const whenCreatedLater = async () => {
    const once = onceData(policy.authorities()[type], data as EntryData);
    if (Object.keys(once).length > 0)
      await writeEntry(
        context,
        trx,
        type,
        stagerId,
        () => once,
        () => once
      );
  };
  // A change of authority changes what a message writes: the next message writes again.
  const rules = contentHash(policy.authorities()[type], pluginConfig(context.strapi).i18n);
  const written = writtenFieldsOf(data as EntryData, rules);
  const bookkeeping = { syncSequence: sequence, removedAt: null };
  return guard.apply(
    trx,
    type,
    stagerId,
    sequence,
    { kind: 'write', hash: contentHash(hash, rules), written, whenRemovedLater, whenCreatedLater },
    (previous) =>
      save(
        context,
        trx,
        type,
        stagerId,
        { ...data, ...bookkeeping },
        { ...changedFields(data as EntryData, written, previous), ...bookkeeping }
      )
  );
}

/** Soft removal: the entry leaves the public API and keeps every field, editors' included. */
export function remove(
  context: EntityStoreContext,
  trx: Transaction,
  type: EntityType,
  stagerId: string,
  sequence: number,
  removedAt: Date
): Promise<GuardOutcome> {
  return context.guard.apply(trx, type, stagerId, sequence, { kind: 'remove' }, async () => {
    const removal = { removedAt, syncSequence: sequence };
    if (await exists(context, trx, type, stagerId))
      await save(context, trx, type, stagerId, removal);
  });
}
