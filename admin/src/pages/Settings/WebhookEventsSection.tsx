import * as React from 'react';
import {
  Button,
  Checkbox,
  Flex,
  Link,
  Loader,
  Table,
  Tbody,
  Td,
  Tr,
  Typography,
} from '@strapi/design-system';
import { useRBAC } from '@strapi/strapi/admin';
import { NavLink } from 'react-router-dom';
import {
  PLUGIN_WEBHOOK_EVENTS,
  PLUGIN_WEBHOOK_EVENT_DESCRIPTIONS,
  errorReason,
  useStagerApi,
  type SiteWebhook,
} from '../../api';
import { TableHead } from '../../components/TableHead';
import { useT } from '../../useT';
import { Section } from './Section';
import { useSave } from './useSave';

/** Strapi's own permissions on Settings → Webhooks, which its admin API enforces. */
const WEBHOOK_PERMISSIONS = [
  { action: 'admin::webhooks.read', subject: null },
  { action: 'admin::webhooks.update', subject: null },
];

const PLUGIN_EVENTS = Object.values(PLUGIN_WEBHOOK_EVENTS);

const sameEvents = (a: string[], b: string[]) =>
  a.length === b.length && a.every((event) => b.includes(event));

export const WebhookEventsSection = () => {
  const t = useT();
  const { allowedActions, isLoading } = useRBAC(WEBHOOK_PERMISSIONS);

  return (
    <Section
      testId="webhook-events"
      title={t('webhookEvents.title', 'Webhook events')}
      description={t(
        'webhookEvents.description',
        'Which of the site’s webhooks receive the plugin’s events. Strapi’s Settings → Webhooks form lists its own events only, and keeps these when a webhook is saved there.'
      )}
    >
      {isLoading ? (
        <Loader small />
      ) : allowedActions.canRead ? (
        <WebhookEventsTable canUpdate={allowedActions.canUpdate} />
      ) : (
        <Typography textColor="neutral600">
          {t('webhookEvents.noRead', 'Your role cannot see the site’s webhooks.')}
        </Typography>
      )}
    </Section>
  );
};

const WebhookEventsTable = ({ canUpdate }: { canUpdate: boolean }) => {
  const t = useT();
  const api = useStagerApi();
  const [webhooks, setWebhooks] = React.useState<SiteWebhook[] | null>(null);
  const [error, setError] = React.useState<string | null>(null);
  // Each webhook's whole event list as ticked here since the last save, by webhook id.
  const [edits, setEdits] = React.useState<Record<string, string[]>>({});
  const { save, saving } = useSave({
    onSaved: (saved: SiteWebhook[]) => {
      setWebhooks((current) =>
        (current ?? []).map((webhook) => saved.find(({ id }) => id === webhook.id) ?? webhook)
      );
      setEdits({});
    },
    successMessage: t('webhookEvents.saved', 'Webhook events saved'),
  });

  React.useEffect(() => {
    api
      .webhooks()
      .then(setWebhooks)
      .catch((failure: unknown) => setError(errorReason(failure)));
  }, [api]);

  if (error) return <Typography textColor="danger600">{error}</Typography>;
  if (!webhooks) return <Loader small />;
  if (webhooks.length === 0)
    return (
      <Typography>
        {t('webhookEvents.empty', 'The site has no webhooks yet:')}{' '}
        <Link tag={NavLink} to="/settings/webhooks">
          {t('webhookEvents.create', 'create one in Settings → Webhooks')}
        </Link>
      </Typography>
    );

  const eventsOf = (webhook: SiteWebhook) => edits[webhook.id] ?? webhook.events;
  const tick = (webhook: SiteWebhook, event: string, ticked: boolean) =>
    setEdits((current) => {
      const events = (current[webhook.id] ?? webhook.events).filter((other) => other !== event);
      return { ...current, [webhook.id]: ticked ? [...events, event] : events };
    });
  const changed = webhooks.filter((webhook) => !sameEvents(eventsOf(webhook), webhook.events));

  return (
    <>
      <Flex direction="column" alignItems="stretch" gap={1}>
        {PLUGIN_EVENTS.map((event) => (
          <Typography key={event} variant="pi" textColor="neutral600">
            <Typography variant="pi" fontWeight="bold">
              {event}
            </Typography>
            {': '}
            {t(`webhookEvents.event.${event}`, PLUGIN_WEBHOOK_EVENT_DESCRIPTIONS[event])}
          </Typography>
        ))}
      </Flex>
      <Table colCount={PLUGIN_EVENTS.length + 1} rowCount={webhooks.length + 1}>
        <TableHead columns={[t('webhookEvents.webhook', 'Webhook'), ...PLUGIN_EVENTS]} />
        <Tbody>
          {webhooks.map((webhook) => (
            <Tr key={webhook.id}>
              <Td>
                <Flex direction="column" alignItems="flex-start">
                  <Typography fontWeight="semiBold">{webhook.name}</Typography>
                  <Typography variant="pi" textColor="neutral600">
                    {webhook.url}
                  </Typography>
                </Flex>
              </Td>
              {PLUGIN_EVENTS.map((event) => (
                <Td key={event}>
                  <Checkbox
                    aria-label={t('webhookEvents.checkbox', '{event} for {webhook}', {
                      event,
                      webhook: webhook.name,
                    })}
                    checked={eventsOf(webhook).includes(event)}
                    disabled={!canUpdate || saving}
                    onCheckedChange={(checked) => tick(webhook, event, checked === true)}
                  />
                </Td>
              ))}
            </Tr>
          ))}
        </Tbody>
      </Table>
      {canUpdate && (
        <Flex justifyContent="flex-end">
          <Button
            disabled={changed.length === 0 || saving}
            loading={saving}
            onClick={() =>
              save(() =>
                Promise.all(
                  changed.map((webhook) =>
                    api.updateWebhook({ ...webhook, events: eventsOf(webhook) })
                  )
                )
              )
            }
          >
            {t('webhookEvents.save', 'Save webhook events')}
          </Button>
        </Flex>
      )}
    </>
  );
};
