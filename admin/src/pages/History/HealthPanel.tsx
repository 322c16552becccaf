import * as React from 'react';
import { Badge, Box, Flex, Grid, Typography } from '@strapi/design-system';
import type { Health, LocaleProgress, WorkerInstance } from '../../api';
import { formatTime } from '../../components/format';
import { useT } from '../../useT';

const Tile = ({ label, children }: { label: string; children: React.ReactNode }) => (
  <Box background="neutral0" hasRadius shadow="tableShadow" padding={4} height="100%" width="100%">
    <Flex direction="column" alignItems="flex-start" gap={2}>
      <Typography variant="sigma" textColor="neutral600">
        {label}
      </Typography>
      {children}
    </Flex>
  </Box>
);

type Tone = 'success' | 'danger' | 'warning' | 'neutral';

const ToneBadge = ({ tone, children }: { tone: Tone; children: React.ReactNode }) => (
  <Badge backgroundColor={`${tone}100`} textColor={`${tone}700`}>
    {children}
  </Badge>
);

const Good = ({ ok, children }: { ok: boolean; children: React.ReactNode }) => (
  <ToneBadge tone={ok ? 'success' : 'danger'}>{children}</ToneBadge>
);

const workerNames = (instances: WorkerInstance[]) =>
  instances.map((instance) => `${instance.name} (concurrency ${instance.concurrency})`).join(', ');

/** Each locale's synced entries, while a locale added to the site is being filled. */
const LocalesTile = ({ locales }: { locales: LocaleProgress[] }) => {
  const t = useT();
  return (
    <Tile label={t('health.locales', 'Synced entries per locale')}>
      {locales.map((locale) => (
        <Flex key={locale.locale} gap={2} data-testid={`locale-${locale.locale}`}>
          <Typography variant="omega" fontWeight="bold">
            {locale.locale}
          </Typography>
          {locale.source ? (
            <Typography variant="omega" textColor="neutral600">
              {t('health.sourceLocale', "{entries} entries, in Stager's language", {
                entries: locale.entries,
              })}
            </Typography>
          ) : (
            <Good ok={locale.entries >= locale.of}>
              {locale.entries >= locale.of
                ? t('health.localeComplete', '{entries} entries', { entries: locale.entries })
                : t('health.localeFilling', 'Copying: {entries} of {of}', {
                    entries: locale.entries,
                    of: locale.of,
                  })}
            </Good>
          )}
        </Flex>
      ))}
    </Tile>
  );
};

/**
 * This instance's worker; on a web-only instance, a correct deployment when another instance runs
 * one, the workers of the site seen through Redis.
 */
const WorkerTile = ({ health }: { health: Health }) => {
  const t = useT();
  const { enabled, concurrency, instances } = health.worker;
  const others = instances?.filter((instance) => !instance.thisInstance) ?? [];
  if (enabled) {
    return (
      <Flex direction="column" alignItems="flex-start" gap={1}>
        <Good ok={!health.processingPaused}>
          {health.processingPaused
            ? t('health.paused', 'Paused')
            : t('health.workerOn', 'On (concurrency {concurrency})', { concurrency })}
        </Good>
        {others.length > 0 && (
          <Typography variant="pi" textColor="neutral600" data-testid="other-workers">
            {t('health.otherWorkers', 'Other workers: {names}', { names: workerNames(others) })}
          </Typography>
        )}
      </Flex>
    );
  }
  if (instances === null) {
    return (
      <Flex direction="column" alignItems="flex-start" gap={1}>
        <ToneBadge tone="warning">{t('health.webOnly', 'Web only')}</ToneBadge>
        <Typography variant="pi" textColor="neutral600">
          {t(
            'health.workersUnknown',
            'The site’s workers cannot be seen while Redis is unreachable.'
          )}
        </Typography>
      </Flex>
    );
  }
  return (
    <Flex direction="column" alignItems="flex-start" gap={1}>
      <ToneBadge tone={others.length > 0 ? 'neutral' : 'danger'}>
        {others.length > 0
          ? t('health.webOnly', 'Web only')
          : t('health.noWorker', 'Web only, and no worker seen')}
      </ToneBadge>
      <Typography variant="pi" textColor="neutral600" data-testid="other-workers">
        {others.length > 0
          ? t('health.workersSeen', 'Messages are applied by: {names}', {
              names: workerNames(others),
            })
          : t(
              'health.noWorkerSeen',
              'No instance of this site runs a worker (STAGER_WORKER): messages wait in the queue.'
            )}
      </Typography>
    </Flex>
  );
};

export const HealthPanel = ({ health }: { health: Health }) => {
  const t = useT();
  const staleOrganizations = health.organizations.filter((organization) => organization.stale);
  return (
    <Flex direction="column" alignItems="stretch" gap={4} data-testid="health">
      <Grid.Root gap={4}>
        <Grid.Item col={3} s={6} xs={12}>
          <Tile label={t('health.redis', 'Redis')}>
            <Good ok={health.redis.connected}>
              {health.redis.connected
                ? t('health.reachable', 'Reachable')
                : t('health.unreachable', 'Unreachable')}
            </Good>
          </Tile>
        </Grid.Item>
        <Grid.Item col={3} s={6} xs={12}>
          <Tile label={t('health.queue', 'Queue')}>
            <Typography variant="omega">
              {health.queue
                ? t(
                    'health.counts',
                    '{waiting} waiting · {active} active · {failed} failed · {delayed} delayed',
                    { ...health.queue }
                  )
                : t('health.noCounts', 'No counts while Redis is unreachable')}
            </Typography>
          </Tile>
        </Grid.Item>
        <Grid.Item col={3} s={6} xs={12}>
          <Tile label={t('health.worker', 'Worker on this instance')}>
            <WorkerTile health={health} />
          </Tile>
        </Grid.Item>
        <Grid.Item col={3} s={6} xs={12}>
          <Tile label={t('health.oldest', 'Oldest unprocessed message')}>
            <Typography variant="omega">
              {health.oldestUnprocessed
                ? t('health.oldestValue', '#{id}, {status} since {time}', {
                    id: health.oldestUnprocessed.id,
                    status: health.oldestUnprocessed.status,
                    time: formatTime(health.oldestUnprocessed.receivedAt),
                  })
                : t('health.none', 'None')}
            </Typography>
          </Tile>
        </Grid.Item>
      </Grid.Root>
      {health.organizations.length > 0 && (
        <Tile label={t('health.organizations', 'Last ORGANIZATION_SYNC per organisation')}>
          {staleOrganizations.length > 0 && (
            <Typography variant="omega" textColor="warning700" data-testid="stale-warning">
              {t(
                'health.stale',
                'Warning: {count} organisation(s) had no full sync in the last 26 hours.',
                { count: staleOrganizations.length }
              )}
            </Typography>
          )}
          {health.organizations.map((organization) => (
            <Flex key={organization.organizationId} gap={2}>
              <Typography variant="omega" fontWeight="bold">
                {organization.name ?? organization.organizationId}
              </Typography>
              <Typography variant="omega" textColor="neutral600">
                ({organization.organizationId})
              </Typography>
              <Good ok={!organization.stale}>
                {organization.lastSyncAt
                  ? formatTime(organization.lastSyncAt)
                  : t('health.never', 'never')}
              </Good>
            </Flex>
          ))}
        </Tile>
      )}
      {health.locales.length > 0 && <LocalesTile locales={health.locales} />}
      {health.rejections.length > 0 && (
        <Tile label={t('health.rejections', 'Refused requests, all instances')}>
          {health.rejections.map((rejection) => (
            <Typography key={rejection.status} variant="omega">
              {t(
                'health.rejection',
                '{status}: {count}× — last at {time} from {source}: {reason}',
                {
                  status: rejection.status,
                  count: rejection.count,
                  time: formatTime(rejection.lastAt),
                  source: rejection.lastSource ?? '?',
                  reason: rejection.lastReason,
                }
              )}
            </Typography>
          ))}
        </Tile>
      )}
    </Flex>
  );
};
