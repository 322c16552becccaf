const permission = (action: string) => [{ action, subject: null }];

/** The plugin's RBAC actions, as the server registers them. */
export const PERMISSIONS = {
  readSettings: permission('plugin::stager.settings.read'),
  updateSettings: permission('plugin::stager.settings.update'),
  readHistory: permission('plugin::stager.history.read'),
  replay: permission('plugin::stager.history.replay'),
};
