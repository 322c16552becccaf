import { render, screen, server } from '@strapi/strapi/admin/test';
import { http, HttpResponse } from 'msw';
import { WebhookEventsSection } from '../../admin/src/pages/Settings/WebhookEventsSection';
import type { SiteWebhook } from '../../admin/src/api';
import { grant } from './permissions';
import { failUnansweredRequestsUnder } from './msw';

// Settings → Stager → Webhook events against Strapi's own webhook routes, answered by msw at the
// network level.
const WEBHOOKS = `${window.strapi?.backendURL}/admin/webhooks`;

const rebuild: SiteWebhook = {
  id: '1',
  name: 'Rebuild',
  url: 'https://api.netlify.com/build_hooks/abc',
  headers: { 'X-Token': 'secret' },
  events: ['entry.update'],
  isEnabled: false,
};
const alerts: SiteWebhook = {
  id: '2',
  name: 'Alerts',
  url: 'https://relay.example/slack',
  headers: {},
  events: ['stager.message.failed'],
  isEnabled: true,
};

/** Answers Strapi's webhook routes with `webhooks`; returns each PUT's id and body. */
function serveWebhooks(webhooks: SiteWebhook[]) {
  const puts: Array<{ id: string; body: unknown }> = [];
  server.use(
    http.get(WEBHOOKS, () => HttpResponse.json({ data: webhooks })),
    http.put(`${WEBHOOKS}/:id`, async ({ request, params }) => {
      const body = (await request.json()) as Omit<SiteWebhook, 'id'>;
      const id = String(params.id);
      puts.push({ id, body });
      return HttpResponse.json({ data: { ...body, id } });
    })
  );
  return puts;
}

const checkbox = (event: string, webhook: string) =>
  screen.getByRole('checkbox', { name: `${event} for ${webhook}` });

failUnansweredRequestsUnder('/admin/webhooks');

describe('Settings → Stager → Webhook events', () => {
  it("lists the site's webhooks with the plugin's events each has ticked", async () => {
    serveWebhooks([rebuild, alerts]);
    render(<WebhookEventsSection />, {
      providerOptions: { permissions: grant('admin::webhooks.read', 'admin::webhooks.update') },
    });

    expect(await screen.findByText('Rebuild')).toBeInTheDocument();
    expect(screen.getByText('https://relay.example/slack')).toBeInTheDocument();
    expect(checkbox('stager.sync.completed', 'Rebuild')).not.toBeChecked();
    expect(checkbox('stager.message.failed', 'Alerts')).toBeChecked();
    expect(checkbox('stager.sync.stale', 'Alerts')).toBeEnabled();
    expect(screen.getByRole('button', { name: 'Save webhook events' })).toBeDisabled();
  });

  it("adds a ticked event to the webhook's own and leaves its other fields as they are", async () => {
    const puts = serveWebhooks([rebuild, alerts]);
    const { user } = render(<WebhookEventsSection />, {
      providerOptions: { permissions: grant('admin::webhooks.read', 'admin::webhooks.update') },
    });

    await screen.findByText('Rebuild');
    await user.click(checkbox('stager.sync.completed', 'Rebuild'));
    await user.click(screen.getByRole('button', { name: 'Save webhook events' }));

    expect(await screen.findByText('Webhook events saved')).toBeInTheDocument();
    expect(puts).toEqual([
      {
        id: '1',
        body: {
          name: 'Rebuild',
          url: 'https://api.netlify.com/build_hooks/abc',
          headers: { 'X-Token': 'secret' },
          events: ['entry.update', 'stager.sync.completed'],
          isEnabled: false,
        },
      },
    ]);
    expect(checkbox('stager.sync.completed', 'Rebuild')).toBeChecked();
    expect(screen.getByRole('button', { name: 'Save webhook events' })).toBeDisabled();
  });

  it('shows the check boxes disabled to a role that may read webhooks but not change them', async () => {
    serveWebhooks([rebuild, alerts]);
    render(<WebhookEventsSection />, {
      providerOptions: { permissions: grant('admin::webhooks.read') },
    });

    await screen.findByText('Rebuild');
    expect(checkbox('stager.sync.completed', 'Rebuild')).toBeDisabled();
    expect(checkbox('stager.message.failed', 'Alerts')).toBeDisabled();
    expect(checkbox('stager.message.failed', 'Alerts')).toBeChecked();
    expect(screen.queryByRole('button', { name: 'Save webhook events' })).not.toBeInTheDocument();
  });

  it('says so to a role that may not read webhooks, and asks for none', async () => {
    let asked = false;
    server.use(
      http.get(WEBHOOKS, () => {
        asked = true;
        return HttpResponse.json({ data: [] });
      })
    );
    render(<WebhookEventsSection />, { providerOptions: { permissions: grant() } });

    expect(
      await screen.findByText('Your role cannot see the site’s webhooks.')
    ).toBeInTheDocument();
    expect(screen.queryByRole('checkbox')).not.toBeInTheDocument();
    expect(asked).toBe(false);
  });

  it('links to Settings → Webhooks when the site has none', async () => {
    serveWebhooks([]);
    render(<WebhookEventsSection />, {
      providerOptions: { permissions: grant('admin::webhooks.read', 'admin::webhooks.update') },
    });

    const link = await screen.findByRole('link', { name: 'create one in Settings → Webhooks' });
    expect(link).toHaveAttribute('href', '/settings/webhooks');
    expect(screen.getByText('The site has no webhooks yet:')).toBeInTheDocument();
  });
});
