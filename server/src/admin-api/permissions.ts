import type { Core } from '@strapi/strapi';
import { ACTIONS, PLUGIN_ID } from '../../../shared/constants';

/** How Settings → Roles lists each action under Plugins → Stager. */
const DEFINITIONS = [
  { action: ACTIONS.readSettings, displayName: 'Read settings', subCategory: 'settings' },
  { action: ACTIONS.updateSettings, displayName: 'Change settings', subCategory: 'settings' },
  { action: ACTIONS.readHistory, displayName: 'Read sync history', subCategory: 'history' },
  { action: ACTIONS.replay, displayName: 'Replay messages', subCategory: 'history' },
];

/** Strapi names a plugin's action `plugin::<plugin>.<uid>`: the uid is what follows. */
const uidOf = (action: string) => action.slice(`plugin::${PLUGIN_ID}.`.length);

export async function registerAdminActions(strapi: Core.Strapi): Promise<void> {
  const actions = DEFINITIONS.map(({ action, ...definition }) => ({
    ...definition,
    uid: uidOf(action),
    section: 'plugins',
    pluginName: PLUGIN_ID,
  }));
  await strapi.service('admin::permission').actionProvider.registerMany(actions);
}

/** The route config that makes Strapi refuse, with 403, an admin user whose role lacks `action`. */
export const requires = (action: string) => ({
  policies: [{ name: 'admin::hasPermissions', config: { actions: [action] } }],
});
