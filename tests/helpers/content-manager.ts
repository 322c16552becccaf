import type { AdminSession } from './admin';
import type { Answer } from './http';

/** Fields the edit view's form does not send back: the document's meta and its relations. */
const NOT_IN_FORM = [
  'id',
  'documentId',
  'createdAt',
  'updatedAt',
  'publishedAt',
  'locale',
  'localizations',
  'createdBy',
  'updatedBy',
  'location',
  'organization',
];

/**
 * What the Content Manager's Save sends from an entry's edit view (in `locale`, if given): the form
 * as loaded, with `edits`.
 */
export async function saveEditForm(
  session: AdminSession,
  uid: string,
  documentId: string,
  edits: Record<string, unknown>,
  locale?: string
): Promise<Answer> {
  const entry = `/content-manager/collection-types/${uid}/${documentId}${locale ? `?locale=${locale}` : ''}`;
  const loaded = await session.call('GET', entry);
  if (loaded.status !== 200) throw new Error(`loading ${entry} answered ${loaded.status}`);
  const form = Object.fromEntries(
    Object.entries(loaded.json.data as Record<string, unknown>).filter(
      ([field, value]) => value !== null && !NOT_IN_FORM.includes(field)
    )
  );
  return session.call('PUT', entry, { ...form, ...edits });
}
