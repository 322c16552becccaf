import type { Core } from '@strapi/strapi';

/** The plugin's RBAC actions, as Settings → Roles lists them under Plugins → Stager. */
export const ACTIONS = {
  readSettings: 'plugin::stager.settings.read',
  updateSettings: 'plugin::stager.settings.update',
  readHistory: 'plugin::stager.history.read',
  replay: 'plugin::stager.history.replay',
} as const;

const DEFINITIONS = [
  { uid: 'settings.read', displayName: 'Read settings', subCategory: 'settings' },
  { uid: 'settings.update', displayName: 'Change settings', subCategory: 'settings' },
  { uid: 'history.read', displayName: 'Read sync history', subCategory: 'history' },
  { uid: 'history.replay', displayName: 'Replay messages', subCategory: 'history' },
];

export async function registerAdminActions(strapi: Core.Strapi): Promise<void> {
  const actions = DEFINITIONS.map((action) => ({ ...action, section: 'plugins', pluginName: 'stager' }));
  await strapi.service('admin::permission').actionProvider.registerMany(actions);
}

/** The route config that makes Strapi refuse, with 403, an admin user whose role lacks `action`. */
export const requires = (action: string) => ({
  policies: [{ name: 'admin::hasPermissions', config: { actions: [action] } }],
});
