import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { SyncedType } from '../../../shared/contracts/fields';
import { editViewLabel } from '../../../shared/contracts/field-labels';
import { ENTITY_UIDS } from '../store/entity-types';
import type { WritePolicy } from './field-authority';
import { changes, isConfigurable, ownedFields, type Attributes } from './owned-fields';

const TYPE_OF = Object.fromEntries(
  Object.entries(ENTITY_UIDS).map(([type, uid]) => [uid, type as SyncedType])
);

interface UpdateParams {
  documentId?: string;
  locale?: string;
  data?: Record<string, unknown>;
}

/**
 * A Content Manager save of a synced entry never changes a field Stager owns. A save that would is
 * refused with a reason naming the fields and how to take each over; one that only sends them back
 * as loaded (the Content Manager sends the whole form) saves the editor's fields and leaves Stager's
 * as they are. A form opened before a message changed the entry is saved the same way: its
 * `syncSequence` is older than the entry's, so its Stager values are stale, not the editor's.
 * In a locale other than Stager's, the words (`translatorsFields`) are the translator's.
 */
export function guardOwnedFields(
  strapi: Core.Strapi,
  policy: () => WritePolicy,
  translatorsFields: (type: SyncedType, locale: string | undefined) => readonly string[]
): void {
  const componentAttributes = (uid: string) =>
    (strapi.components[uid as never]?.attributes ?? {}) as Attributes;

  strapi.documents.use(async (context, next) => {
    const type = TYPE_OF[context.uid];
    const params = context.params as UpdateParams;
    if (!type || context.action !== 'update' || !params.data || !savingInContentManager(strapi))
      return next();
    const data = params.data;
    const owned = ownedFields(type, policy().authorities());
    for (const field of translatorsFields(type, params.locale)) owned.delete(field);
    const sent = Object.keys(data).filter((field) => owned.has(field));
    if (sent.length === 0) return next();

    const attributes = strapi.contentType(context.uid as never).attributes as Attributes;
    const compared = sent.filter((field) => !isUnchangedRelation(attributes[field], data[field]));
    const stored = compared.length
      ? ((await strapi.documents(context.uid as never).findOne({
          documentId: params.documentId,
          locale: params.locale,
          populate: Object.fromEntries(
            compared
              .filter((field) => ['component', 'relation'].includes(attributes[field]?.type))
              .map((field) => [
                field,
                attributes[field].type === 'component' ? { populate: '*' } : true,
              ])
          ),
        } as never)) as Record<string, unknown> | null)
      : null;
    if (stored) {
      const changed = compared.filter(
        (field) =>
          attributes[field] &&
          changes(attributes[field], data[field], stored[field], componentAttributes)
      );
      if (changed.length > 0 && !isStale(data.syncSequence, stored.syncSequence))
        throw new errors.ValidationError(refusal(type, changed), {
          errors: changed.map((field) => ({
            path: [field],
            message: hint(type, field),
            name: 'ValidationError',
          })),
        });
    }
    params.data = Object.fromEntries(Object.entries(data).filter(([field]) => !owned.has(field)));
    return next();
  });
}

/** The Content Manager's form sends every relation, as an empty change when untouched. */
function isUnchangedRelation(attribute: { type: string } | undefined, value: unknown): boolean {
  if (attribute?.type !== 'relation' || typeof value !== 'object' || value === null) return false;
  const { connect, disconnect, set } = value as Record<string, unknown>;
  const empty = (list: unknown) => list === undefined || (Array.isArray(list) && list.length === 0);
  return set === undefined && empty(connect) && empty(disconnect);
}

/** A form loaded before the last message about the entry: its Stager values are that message's elders. */
function isStale(sentSequence: unknown, storedSequence: unknown): boolean {
  if (sentSequence === undefined || sentSequence === null || storedSequence == null) return false;
  try {
    return BigInt(sentSequence as string) < BigInt(storedSequence as string);
  } catch {
    return false;
  }
}

const fieldLabel = (type: SyncedType, field: string) => editViewLabel(type, field) ?? field;

function hint(type: SyncedType, field: string): string {
  return isConfigurable(type, field)
    ? `Stager writes "${fieldLabel(type, field)}". To edit it here, set its field authority to "once" or "editor" in Settings → Stager → What the sync owns.`
    : `"${fieldLabel(type, field)}" always follows Stager: change it in Stager.`;
}

function refusal(type: SyncedType, fields: string[]): string {
  return `Not saved: ${fields.map((field) => hint(type, field)).join(' ')}`;
}

function savingInContentManager(strapi: Core.Strapi): boolean {
  const info = strapi.requestContext.get()?.state?.route?.info as
    { pluginName?: string; type?: string } | undefined;
  return info?.pluginName === 'content-manager';
}
