import { PLUGIN_ID } from './pluginId';

interface AdminApp {
  registerPlugin(plugin: { id: string; name: string }): void;
}

export default {
  register(app: AdminApp) {
    app.registerPlugin({ id: PLUGIN_ID, name: 'Stager' });
  },
};
