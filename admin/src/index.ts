import { ClockCounterClockwise } from '@strapi/icons';
import type { StrapiApp } from '@strapi/strapi/admin';
import { PERMISSIONS } from './permissions';
import { addLastSyncedColumn } from './content-manager/LastSyncedColumn';
import { ReplayLastAction } from './content-manager/ReplayLastAction';
import { StagerPanel } from './content-manager/StagerPanel';
import { PLUGIN_ID } from '../../shared/constants';

export default {
  register(app: StrapiApp) {
    app.registerPlugin({ id: PLUGIN_ID, name: 'Stager' });

    app.addMenuLink({
      to: `plugins/${PLUGIN_ID}`,
      icon: ClockCounterClockwise,
      intlLabel: { id: `${PLUGIN_ID}.menu.history`, defaultMessage: 'Stager sync' },
      permissions: PERMISSIONS.readHistory,
      Component: () => import('./pages/History/HistoryApp'),
    });

    app.addSettingsLink('global', {
      id: PLUGIN_ID,
      to: PLUGIN_ID,
      intlLabel: { id: `${PLUGIN_ID}.settings.link`, defaultMessage: 'Stager' },
      permissions: PERMISSIONS.readSettings,
      Component: () => import('./pages/Settings/SettingsPage'),
    });
  },

  /** The Content Manager's Stager panel, "Last synced" column and "apply again" action. */
  bootstrap(app: StrapiApp) {
    const contentManager = app.getPlugin('content-manager').apis as {
      addEditViewSidePanel(panels: unknown[]): void;
      addDocumentAction(actions: unknown[]): void;
    };
    contentManager.addEditViewSidePanel([StagerPanel]);
    contentManager.addDocumentAction([ReplayLastAction]);
    app.registerHook('Admin/CM/pages/ListView/inject-column-in-table', addLastSyncedColumn);
  },

  async registerTrads({ locales }: { locales: string[] }) {
    return Promise.all(
      locales.map(async (locale) => {
        try {
          const { default: data } = await import(`./translations/${locale}.json`);
          return { data: prefixed(data), locale };
        } catch {
          return { data: {}, locale };
        }
      })
    );
  },
};

const prefixed = (data: Record<string, string>) =>
  Object.fromEntries(Object.entries(data).map(([key, value]) => [`${PLUGIN_ID}.${key}`, value]));
