import { ACTIONS } from '../../shared/constants';

const permission = (action: string) => [{ action, subject: null }];

/** The plugin's RBAC actions, as the server registers them, in the form `useRBAC` takes. */
export const PERMISSIONS = {
  readSettings: permission(ACTIONS.readSettings),
  updateSettings: permission(ACTIONS.updateSettings),
  readHistory: permission(ACTIONS.readHistory),
  replay: permission(ACTIONS.replay),
};
