import type { Core } from '@strapi/strapi';
import { sanitize } from '@strapi/utils';
import { schemaOf } from './models';
import type { ModelSchema } from './types';

/** What a read of the entries populates for their announcement: their components and relations. */
const populateOf = (model: ModelSchema) =>
  Object.fromEntries(
    Object.entries(model.attributes)
      .filter(
        ([name, attribute]) =>
          (attribute.type === 'component' || attribute.type === 'relation') &&
          name !== 'localizations'
      )
      .map(([name]) => [name, true])
  );

/**
 * Sends Strapi's `eventName` (`entry.create`, `entry.update`) for each entry, populated and
 * sanitised as the document service sends it after its transaction commits, so that Strapi
 * webhooks hear of them. One read for them all.
 */
export async function announce(
  strapi: Core.Strapi,
  eventName: string,
  uid: string,
  ids: number[]
): Promise<void> {
  if (ids.length === 0) return;
  const model = schemaOf(strapi, uid);
  const entries = await strapi.db
    .query(uid as never)
    .findMany({ where: { id: { $in: ids } }, populate: populateOf(model) });
  for (const entry of entries) {
    const sanitized = await sanitize.sanitizers.defaultSanitizeOutput(
      {
        schema: model as never,
        getModel: (target: string) => strapi.getModel(target as never) as never,
      },
      entry
    );
    await strapi.eventHub.emit(eventName, {
      model: model.modelName,
      uid: model.uid,
      entry: sanitized,
    });
  }
}
