import { render, screen, server } from '@strapi/strapi/admin/test';
import { within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import SettingsPage from '../../admin/src/pages/Settings/SettingsPage';
import {
  ACTIONS,
  ADMIN_ROUTES,
  PLUGIN_ID,
  type SettingsView,
  type UpdateSettings,
} from '../../shared';
import { grant } from './permissions';
import { failUnansweredRequestsUnder } from './msw';

// The settings page against its admin API, answered by msw at the network level: the page's own
// client (Strapi's fetch client) sends real requests to these routes.
const API = `${window.strapi?.backendURL}/${PLUGIN_ID}`;

const settingsView = (overrides: Partial<SettingsView> = {}): SettingsView => ({
  webhookPath: '/api/stager/webhook',
  authToken: { configured: true, source: 'admin', readOnly: false },
  previousAuthToken: { active: false, expiresAt: null },
  allowedIps: { entries: ['203.0.113.7'], source: 'admin', readOnly: false },
  processingPaused: false,
  proxyTrusted: false,
  workerEnabled: true,
  fieldAuthority: {
    event: [
      { field: 'name', authority: 'stager', source: 'default', readOnly: false },
      { field: 'subtitle', authority: 'once', source: 'admin', readOnly: false },
      { field: 'genre', authority: 'editor', source: 'config', readOnly: true },
    ],
    location: [{ field: 'city', authority: 'stager', source: 'default', readOnly: false }],
    organization: [{ field: 'phone', authority: 'stager', source: 'default', readOnly: false }],
  },
  newEvents: 'publish',
  ...overrides,
});

/** Answers the settings routes with `settings`; returns the bodies of the saves it was sent. */
function serveSettings(settings: SettingsView): Array<UpdateSettings.Request['body']> {
  const saves: Array<UpdateSettings.Request['body']> = [];
  server.use(
    http.get(`${API}${ADMIN_ROUTES.settings}`, () => HttpResponse.json({ data: settings })),
    http.put(`${API}${ADMIN_ROUTES.settings}`, async ({ request }) => {
      const body = (await request.json()) as UpdateSettings.Request['body'];
      saves.push(body);
      return HttpResponse.json({
        data: {
          ...settings,
          allowedIps: {
            ...settings.allowedIps,
            entries: body.allowedIps ?? settings.allowedIps.entries,
          },
        },
      });
    }),
    http.post(`${API}${ADMIN_ROUTES.allowlistCheck}`, async ({ request }) => {
      const { entries } = (await request.json()) as { entries: string[] };
      return HttpResponse.json({ data: { errors: entries.map(() => null) } });
    })
  );
  return saves;
}

const processingToggle = () => screen.getByRole('checkbox', { name: /Apply received messages/ });

failUnansweredRequestsUnder(`/${PLUGIN_ID}/`);

describe('Settings → Stager sections', () => {
  it('are editable by a role that may change settings, and save through the API', async () => {
    const saves = serveSettings(settingsView());
    const { user } = render(<SettingsPage />, {
      providerOptions: { permissions: grant(ACTIONS.readSettings, ACTIONS.updateSettings) },
    });

    const firstEntry = await screen.findByLabelText('Address or range 1');
    expect(firstEntry).toBeEnabled();
    expect(screen.getByLabelText('New token')).toBeEnabled();
    expect(screen.getByRole('button', { name: 'Replace token' })).toBeInTheDocument();
    expect(processingToggle()).toBeEnabled();
    expect(screen.getByRole('button', { name: 'Send a test message' })).toBeEnabled();

    await user.click(screen.getByRole('button', { name: 'Add an address' }));
    await user.type(screen.getByLabelText('Address or range 2'), '198.51.100.0/24');
    await user.click(screen.getByRole('button', { name: 'Save allowlist' }));

    expect(await screen.findByText('Allowlist saved')).toBeInTheDocument();
    expect(saves).toEqual([{ allowedIps: ['203.0.113.7', '198.51.100.0/24'] }]);
  });

  it('show the token and the allowlist read-only when the environment sets them', async () => {
    serveSettings(
      settingsView({
        authToken: { configured: true, source: 'config', readOnly: true },
        allowedIps: { entries: ['203.0.113.7'], source: 'config', readOnly: true },
      })
    );
    render(<SettingsPage />, {
      providerOptions: { permissions: grant(ACTIONS.readSettings, ACTIONS.updateSettings) },
    });

    expect(
      await screen.findByText('Set by the environment variable STAGER_AUTH_TOKEN: change it there.')
    ).toBeInTheDocument();
    expect(
      screen.getByText('Set by the environment variable STAGER_ALLOWED_IPS: change it there.')
    ).toBeInTheDocument();
    expect(screen.queryByLabelText('New token')).not.toBeInTheDocument();
    expect(screen.getByLabelText('Address or range 1')).toBeDisabled();
    expect(screen.queryByRole('button', { name: 'Add an address' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Save allowlist' })).not.toBeInTheDocument();
    // Pausing is the admin panel's alone: the environment never sets it.
    expect(processingToggle()).toBeEnabled();
  });

  it('change nothing for a role that may only read settings', async () => {
    serveSettings(settingsView());
    render(<SettingsPage />, { providerOptions: { permissions: grant(ACTIONS.readSettings) } });

    expect(await screen.findByLabelText('Address or range 1')).toBeDisabled();
    expect(screen.queryByLabelText('New token')).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Add an address' })).not.toBeInTheDocument();
    expect(processingToggle()).toBeDisabled();
    expect(screen.queryByRole('button', { name: 'Send a test message' })).not.toBeInTheDocument();
  });

  it('choose who writes each field, leaving the fields the config sets as they are', async () => {
    const saves = serveSettings(settingsView());
    const { user } = render(<SettingsPage />, {
      providerOptions: { permissions: grant(ACTIONS.readSettings, ACTIONS.updateSettings) },
    });

    const genre = await screen.findByRole('combobox', { name: 'event genre' });
    expect(genre).toHaveAttribute('aria-disabled', 'true');
    expect(screen.getByRole('button', { name: 'Save field authority' })).toBeDisabled();

    await user.click(screen.getByRole('combobox', { name: 'event name' }));
    await user.click(await screen.findByRole('option', { name: 'Once: when it arrives' }));
    await user.click(screen.getByRole('button', { name: 'Save field authority' }));

    expect(
      await screen.findByText('Saved: the next message of each entry follows it.')
    ).toBeInTheDocument();
    expect(saves).toEqual([
      {
        fieldAuthority: {
          event: { name: 'once', subtitle: 'once' },
          location: { city: 'stager' },
          organization: { phone: 'stager' },
        },
      },
    ]);
  });

  it("name each field by its Content Manager label, with its attribute name, in the edit view's order", async () => {
    serveSettings(
      settingsView({
        fieldAuthority: {
          event: [
            { field: 'ticketShopUrl', authority: 'stager', source: 'default', readOnly: false },
            { field: 'textHtml', authority: 'stager', source: 'default', readOnly: false },
            { field: 'name', authority: 'stager', source: 'default', readOnly: false },
          ],
          location: [{ field: 'zipcode', authority: 'stager', source: 'default', readOnly: false }],
          organization: [],
        },
      })
    );
    render(<SettingsPage />, { providerOptions: { permissions: grant(ACTIONS.readSettings) } });

    await screen.findByRole('combobox', { name: 'event textHtml' });
    const [events, locations] = within(screen.getByTestId('field-authority')).getAllByRole('grid');
    const firstCells = (table: HTMLElement) =>
      within(table)
        .getAllByRole('row')
        .slice(1)
        .map((row) => within(row).getAllByRole('gridcell')[0].textContent);
    expect(firstCells(events)).toEqual([
      'Namename',
      'Description (HTML)textHtml',
      'Ticket shop linkticketShopUrl',
    ]);
    expect(firstCells(locations)).toEqual(['Postcodezipcode']);
  });
});
