import type { Core } from '@strapi/strapi';
import { pluginConfig } from '../config';
import { PUBLIC_FIELD_MODELS, type PublicFieldModel } from './field-options';

/**
 * Applies the site's `publicFields` over the schemas' defaults: a private field is kept in the
 * Content Manager and left out of REST, GraphQL and Strapi's webhook payloads.
 */
export function applyPublicFields(strapi: Core.Strapi): void {
  const choices = pluginConfig(strapi).publicFields;
  for (const [model, fields] of Object.entries(choices) as Array<
    [PublicFieldModel, Record<string, boolean>]
  >) {
    const { uid } = PUBLIC_FIELD_MODELS[model];
    const schema = uid.startsWith('plugin::')
      ? strapi.contentType(uid as never)
      : strapi.components[uid as keyof typeof strapi.components];
    const attributes = schema.attributes as Record<string, { private?: boolean }>;
    for (const [field, isPublic] of Object.entries(fields)) attributes[field].private = !isPublic;
  }
}
