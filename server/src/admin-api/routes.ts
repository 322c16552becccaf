import { ACTIONS, requires } from './permissions';

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
    route('GET', '/settings', 'settings.read', ACTIONS.readSettings),
    route('PUT', '/settings', 'settings.update', ACTIONS.updateSettings),
    route('PUT', '/settings/token', 'settings.replaceToken', ACTIONS.updateSettings),
    route('POST', '/settings/allowlist/check', 'settings.checkAllowlist', ACTIONS.updateSettings),
    route('POST', '/settings/test-message', 'settings.sendTestMessage', ACTIONS.updateSettings),
    route('GET', '/health', 'history.health', ACTIONS.readHistory),
    route('GET', '/messages', 'history.list', ACTIONS.readHistory),
    route('GET', '/messages/:id', 'history.detail', ACTIONS.readHistory),
    route('GET', '/messages/:id/payload', 'history.payload', ACTIONS.readHistory),
    route('POST', '/messages/:id/replay', 'history.replay', ACTIONS.replay),
    route('POST', '/messages/replay-failed', 'history.replayFailed', ACTIONS.replay),
  ],
};
