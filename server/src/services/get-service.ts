import type { Core } from '@strapi/strapi';
import { PLUGIN_ID } from '../../../shared/constants';
import type { pluginServices } from './index';

/** The plugin's own services, by the name each is registered under. */
export type PluginServices = {
  [Name in keyof typeof pluginServices]: ReturnType<(typeof pluginServices)[Name]>;
};

/**
 * One of the plugin's services, as registered (or as a site extended or replaced it, through
 * `src/extensions/stager/strapi-server` like any plugin's services).
 */
export function getService<Name extends keyof PluginServices>(
  strapi: Core.Strapi,
  name: Name
): PluginServices[Name] {
  return strapi.plugin(PLUGIN_ID).service(name) as PluginServices[Name];
}
