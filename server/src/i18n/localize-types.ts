import type { Core } from '@strapi/strapi';
import { SYNCED_TYPES, type SyncedType } from '../../../shared/contracts/fields';
import { PER_LANGUAGE_FIELDS, TRANSLATION_FIELD } from '../../../shared/contracts/translations';
import { ConfigError, pluginConfig } from '../config';
import { ENTITY_UIDS } from '../store/entity-types';

interface Attribute {
  unique?: boolean;
  private?: boolean;
  pluginOptions?: Record<string, unknown>;
}

interface ContentTypeSchema {
  collectionName: string;
  pluginOptions?: Record<string, unknown>;
  attributes: Record<string, Attribute>;
  indexes?: Array<{ name: string; columns: string[]; type?: string }>;
}

/** Whether a field of a synced type has one value per language. */
export const isPerLanguage = (type: SyncedType, field: string) =>
  (PER_LANGUAGE_FIELDS[type] as readonly string[]).includes(field) || field === TRANSLATION_FIELD;

/**
 * With `i18n.enabled`, makes the plugin's event, location and organisation types localized through
 * Strapi's i18n plugin, before the database is laid out: their words per language, everything else
 * shared, and a Stager id unique per locale rather than per table. Refuses to start without i18n.
 */
export function localizeSyncedTypes(strapi: Core.Strapi): void {
  if (!pluginConfig(strapi).i18n.enabled) return;
  if (!strapi.plugin('i18n'))
    throw new ConfigError(
      'plugin stager: option "i18n.enabled" (STAGER_I18N_ENABLED) is true, but the i18n plugin is not enabled on this site'
    );
  for (const type of SYNCED_TYPES) localize(type, strapi.contentType(ENTITY_UIDS[type] as never));
}

function localize(type: SyncedType, contentType: unknown): void {
  const schema = contentType as ContentTypeSchema;
  schema.pluginOptions = { ...schema.pluginOptions, i18n: { localized: true } };
  for (const [field, attribute] of Object.entries(schema.attributes)) {
    attribute.pluginOptions = {
      ...attribute.pluginOptions,
      i18n: { localized: isPerLanguage(type, field) },
    };
  }
  schema.attributes.stagerId.unique = false;
  // i18n made these private when it saw the type unlocalized, if it registered before this plugin.
  for (const field of ['locale', 'localizations'])
    if (schema.attributes[field]) schema.attributes[field].private = false;
  const uniqueName = `${schema.collectionName}_stager_id_unique`;
  schema.indexes = (schema.indexes ?? []).map((index) =>
    index.name === uniqueName
      ? {
          ...index,
          name: `${schema.collectionName}_stager_id_locale_unique`,
          columns: ['stager_id', 'locale'],
        }
      : index
  );
}
