import { PLUGIN_ID, SYNCED_TYPES, type SyncedType } from '../../../shared';

/** The synced type of a Content Manager model (`plugin::stager.event` → `event`), if it is one. */
export function syncedTypeOf(model: string | undefined): SyncedType | null {
  const prefix = `plugin::${PLUGIN_ID}.`;
  if (!model?.startsWith(prefix)) return null;
  const type = model.slice(prefix.length);
  return (SYNCED_TYPES as readonly string[]).includes(type) ? (type as SyncedType) : null;
}

/** The sync history's page of one message. */
export const messagePath = (id: number) => `/plugins/${PLUGIN_ID}/messages/${id}`;

/** What the Content Manager hands a side panel or a document action (see its edit view). */
export interface EditViewContext {
  activeTab: 'draft' | 'published' | null;
  collectionType: string;
  document?: Record<string, unknown>;
  documentId?: string;
  meta?: unknown;
  model: string;
}

/** The synced entry an edit view shows: only entries Stager wrote (they have a Stager id). */
export function syncedEntryOf({ model, documentId, document }: EditViewContext) {
  const type = syncedTypeOf(model);
  if (!type || !documentId || !document?.stagerId) return null;
  const locale = typeof document.locale === 'string' ? document.locale : undefined;
  return { type, documentId, locale };
}
