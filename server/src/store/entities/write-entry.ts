import { writableData } from '../../fields/field-authority';
import { ENTITY_UIDS, type EntityType } from '../entity-types';
import type { WriteResult } from '../sync-guard';
import type { Transaction } from '../transaction';
import type { EntityStoreContext } from './context';
import { documentIdOf, forgetRow, rowIdOf } from './entry-lookup';
import { noteStep, pendingOf, stepOf, type EntryData, type PendingWrites } from './pending-writes';

// The written entry is not read back whole: nothing here needs more than its id.
const noReadBack = { fields: ['documentId'] };

const documents = ({ strapi }: EntityStoreContext, type: EntityType) =>
  strapi.documents(ENTITY_UIDS[type] as never);

/** The fields of `data` the sync may write; a new event waiting for review arrives hidden. */
function allowed(
  { policy }: EntityStoreContext,
  type: EntityType,
  data: EntryData,
  creating: boolean
): EntryData {
  const writable = writableData(policy.authorities()[type], data, creating);
  if (creating && type === 'event' && policy.newEvents() === 'review') writable.hidden = true;
  return writable;
}

/**
 * Creates the entry with `data`, or changes it with `changed` (by default `data`): either replaces
 * only the fields it names that the sync owns.
 */
export const save = (
  context: EntityStoreContext,
  trx: Transaction,
  type: EntityType,
  stagerId: string,
  data: EntryData,
  changed: EntryData = data
) =>
  writeEntry(
    context,
    trx,
    type,
    stagerId,
    () => allowed(context, type, data, true),
    () => allowed(context, type, changed, false)
  );

/** Creates the entry with `creation()`, or changes it with `change()`. */
export async function writeEntry(
  context: EntityStoreContext,
  trx: Transaction,
  type: EntityType,
  stagerId: string,
  creation: () => EntryData,
  change: () => EntryData
): Promise<WriteResult> {
  if (needsDocumentService(context, type))
    return writeThroughDocuments(context, trx, type, stagerId, creation, change);
  const pending = pendingOf(context.pendingWrites, trx);
  if (await changePending(context, trx, pending, type, stagerId, change)) return;
  const data = creation();
  // Organisations and locations are created at once: the events after them link to them.
  if (type === 'event') {
    pending.createdEvents.set(stagerId, data);
    noteStep(pending, type, stagerId, stepOf(data, true, context.recordChanges));
  } else {
    await createNow(context, trx, pending, type, data);
    forgetRow(context, trx, type, stagerId);
    const step = stepOf(data, true, context.recordChanges);
    if (step) pending.records.push(...context.recorder.recordsOf(type, stagerId, null, [step]));
  }
  return 'created';
}

/**
 * True when the type keeps drafts, or locales the plugin does not keep (a site's own extension
 * with `i18n.enabled` off): only the document service knows how to write them.
 */
function needsDocumentService({ layout, localeRows }: EntityStoreContext, type: EntityType) {
  const uid = ENTITY_UIDS[type];
  return layout.keepsDrafts(uid) || (layout.isLocalized(uid) && !localeRows.handles(uid));
}

/** Creates an organisation or location at once, in every locale where the type has locales. */
async function createNow(
  { strapi, inserter, localeRows }: EntityStoreContext,
  trx: Transaction,
  pending: PendingWrites,
  type: EntityType,
  data: EntryData
): Promise<void> {
  const uid = ENTITY_UIDS[type];
  if (!localeRows.handles(uid)) {
    await strapi.documents(uid as never).create({ data, ...noReadBack } as never);
    return;
  }
  const ids = await inserter.insert(trx, uid, [data], await localeRows.creationLocales(trx, type));
  pending.createdNow.push({ uid, ids });
}

/** Writes the entry of a content type with drafts or locales, through the document service. */
async function writeThroughDocuments(
  context: EntityStoreContext,
  trx: Transaction,
  type: EntityType,
  stagerId: string,
  creation: () => EntryData,
  change: () => EntryData
): Promise<WriteResult> {
  const documentId = await documentIdOf(context, trx, type, stagerId);
  if (documentId) {
    await documents(context, type).update({ documentId, data: change(), ...noReadBack } as never);
    return;
  }
  await documents(context, type).create({ data: creation(), ...noReadBack } as never);
  forgetRow(context, trx, type, stagerId);
  return 'created';
}

/**
 * Adds `change()` to the pending writes when the entry exists or the transaction created it
 * already; false when it is still to be created.
 */
async function changePending(
  context: EntityStoreContext,
  trx: Transaction,
  pending: PendingWrites,
  type: EntityType,
  stagerId: string,
  change: () => EntryData
): Promise<boolean> {
  const noteChange = (data: EntryData) =>
    noteStep(pending, type, stagerId, stepOf(data, false, context.recordChanges));
  // Created earlier in this transaction: what follows is a change, which leaves `once` fields be.
  const created = type === 'event' ? pending.createdEvents.get(stagerId) : undefined;
  if (created) {
    const data = change();
    pending.createdEvents.set(stagerId, { ...created, ...data });
    noteChange(data);
    return true;
  }
  const pendingChange = pending.changes[type].get(stagerId);
  if (pendingChange) {
    const data = change();
    pendingChange.data = { ...pendingChange.data, ...data };
    noteChange(data);
    return true;
  }
  const id = await rowIdOf(context, trx, type, stagerId);
  if (id === null) return false;
  const data = change();
  pending.changes[type].set(stagerId, { id, data });
  noteChange(data);
  return true;
}
