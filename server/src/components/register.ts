import type { Core } from '@strapi/strapi';
import { COMPONENT_CATEGORY, COMPONENTS } from './index';

const pascalCase = (name: string) =>
  name.replace(/(^|-)(\w)/g, (_match, _dash, letter: string) => letter.toUpperCase());

/**
 * Strapi loads components only from the site's own folder; a plugin adds its own to the registry
 * in `register`, in the shape Strapi's loader gives them.
 */
export function registerComponents(strapi: Core.Strapi): void {
  const registry = strapi.get('components');
  for (const [name, schema] of Object.entries(COMPONENTS)) {
    const uid = `${COMPONENT_CATEGORY}.${name}`;
    if (registry.get(uid)) continue;
    registry.set(uid, {
      ...structuredClone(schema),
      __schema__: structuredClone(schema),
      uid,
      category: COMPONENT_CATEGORY,
      modelType: 'component',
      modelName: name,
      globalId: `ComponentStager${pascalCase(name)}`,
    });
  }
}
