import { ACTIONS, ADMIN_ROUTES } from '../../../shared/constants';
import { requires } from './permissions';

const route = (method: string, path: string, handler: string, action: string) => ({
  method,
  path,
  handler,
  config: requires(action),
});

/** The admin panel's API, under /stager; each route refuses with 403 a role without its action. */
export const adminRoutes = {
  type: 'admin',
  routes: [
    route('GET', ADMIN_ROUTES.settings, 'settings.read', ACTIONS.readSettings),
    route('PUT', ADMIN_ROUTES.settings, 'settings.update', ACTIONS.updateSettings),
    route('PUT', ADMIN_ROUTES.token, 'settings.replaceToken', ACTIONS.updateSettings),
    route('POST', ADMIN_ROUTES.allowlistCheck, 'settings.checkAllowlist', ACTIONS.updateSettings),
    route('POST', ADMIN_ROUTES.testMessage, 'settings.sendTestMessage', ACTIONS.updateSettings),
    route('GET', ADMIN_ROUTES.health, 'history.health', ACTIONS.readHistory),
    route('GET', ADMIN_ROUTES.messages, 'history.list', ACTIONS.readHistory),
    route('GET', ADMIN_ROUTES.message, 'history.detail', ACTIONS.readHistory),
    route('GET', ADMIN_ROUTES.messagePayload, 'history.payload', ACTIONS.readHistory),
    route('POST', ADMIN_ROUTES.replay, 'history.replay', ACTIONS.replay),
    route('POST', ADMIN_ROUTES.replayFailed, 'history.replayFailed', ACTIONS.replay),
    // The Content Manager's Stager panel; each also checks the user may read the entry's type.
    route('GET', ADMIN_ROUTES.lastSynced, 'entrySync.lastSynced', ACTIONS.readHistory),
    route('GET', ADMIN_ROUTES.entrySync, 'entrySync.status', ACTIONS.readHistory),
    route('POST', ADMIN_ROUTES.replayLast, 'entrySync.replayLast', ACTIONS.replay),
  ],
};
