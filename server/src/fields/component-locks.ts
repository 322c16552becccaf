import type { Core } from '@strapi/strapi';
import { SYNCED_TYPES } from '../../../shared/contracts/fields';
import { ENTITY_UIDS } from '../store/entity-types';
import type { Authorities } from './field-authority';
import { ownedFields, type Attributes } from './owned-fields';

interface ComponentConfiguration {
  settings: Record<string, unknown>;
  metadatas: Record<string, { edit: Record<string, unknown>; list: Record<string, unknown> }>;
  layouts: Record<string, unknown>;
}

interface ComponentsService {
  findConfiguration(component: { uid: string }): Promise<ComponentConfiguration>;
  updateConfiguration(
    component: { uid: string },
    configuration: ComponentConfiguration
  ): Promise<unknown>;
}

/**
 * The Content Manager locks a component field's add, remove and reorder buttons when the field is
 * read-only, but not the inputs inside it, which follow the component's own configuration. So the
 * plugin's components are made read-only inside too wherever every field that uses one is Stager's;
 * where one of them is an editor's (`once`, `editor`, or a field the site added), the component
 * stays editable and the save guard refuses changes to the fields Stager owns.
 */
export async function lockOwnedComponents(strapi: Core.Strapi, authorities: Authorities) {
  const contentManager = strapi.plugin('content-manager');
  if (!contentManager) return;
  const service = contentManager.service('components') as unknown as ComponentsService;

  const editable = new Map<string, boolean>();
  for (const type of SYNCED_TYPES) {
    const owned = ownedFields(type, authorities);
    const attributes = strapi.contentType(ENTITY_UIDS[type] as never).attributes as Attributes;
    for (const [field, attribute] of Object.entries(attributes)) {
      if (attribute.type !== 'component' || !attribute.component?.startsWith('stager.')) continue;
      editable.set(
        attribute.component,
        (editable.get(attribute.component) ?? false) || !owned.has(field)
      );
    }
  }

  for (const [uid, canEdit] of editable) {
    const current = await service.findConfiguration({ uid });
    const metadatas = Object.fromEntries(
      Object.entries(current.metadatas).map(([field, metadata]) => [
        field,
        { ...metadata, edit: { ...metadata.edit, editable: canEdit } },
      ])
    );
    if (JSON.stringify(metadatas) === JSON.stringify(current.metadatas)) continue;
    await service.updateConfiguration(
      { uid },
      { settings: current.settings, metadatas, layouts: current.layouts }
    );
  }
}
