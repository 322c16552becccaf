import * as React from 'react';
import {
  Box,
  Button,
  Flex,
  Grid,
  Link,
  Table,
  Tbody,
  Td,
  Tr,
  Typography,
} from '@strapi/design-system';
import { ArrowClockwise } from '@strapi/icons';
import { BackButton, Layouts, Page, useNotification, useRBAC } from '@strapi/strapi/admin';
import { NavLink, useParams } from 'react-router-dom';
import {
  PLUGIN_ID,
  errorReason,
  useStagerApi,
  type ListSummary,
  type MessageDetail,
} from '../../api';
import { formatBytes, formatDuration, formatTime } from '../../components/format';
import { StatusBadge } from '../../components/StatusBadge';
import { PERMISSIONS } from '../../permissions';
import { TableHead } from '../../components/TableHead';
import { useT } from '../../useT';
import { MessageImages } from './MessageImages';
import { usePolling } from './usePolling';

const REFRESH_MS = 2_000;
/** Longer payloads are cut in the view; the full text stays one request away. */
const MAX_SHOWN_CHARACTERS = 500_000;

const Fact = ({ label, children }: { label: string; children: React.ReactNode }) => (
  <Flex direction="column" alignItems="flex-start" gap={1}>
    <Typography variant="sigma" textColor="neutral600">
      {label}
    </Typography>
    <Typography variant="omega">{children}</Typography>
  </Flex>
);

const Panel = ({ title, children }: { title: string; children: React.ReactNode }) => (
  <Box background="neutral0" hasRadius shadow="tableShadow" padding={6}>
    <Flex direction="column" alignItems="stretch" gap={4}>
      <Typography variant="delta" tag="h2">
        {title}
      </Typography>
      {children}
    </Flex>
  </Box>
);

const listText = ({ count, ids }: ListSummary) =>
  count === 0 ? '–' : `${count}: ${ids.join(', ')}${ids.length < count ? ' …' : ''}`;

export const MessagePage = () => {
  const t = useT();
  const { id } = useParams<{ id: string }>();
  const api = useStagerApi();
  const { toggleNotification } = useNotification();
  const { allowedActions } = useRBAC({ replay: PERMISSIONS.replay });
  const [detail, setDetail] = React.useState<MessageDetail | null>(null);
  const [error, setError] = React.useState<string | null>(null);
  const [payload, setPayload] = React.useState<string | null>(null);
  const [loadingPayload, setLoadingPayload] = React.useState(false);

  usePolling(
    async () => {
      try {
        setDetail(await api.message(id ?? ''));
      } catch (failure) {
        setError(errorReason(failure));
      }
    },
    id ?? '',
    REFRESH_MS
  );

  const replay = async () => {
    try {
      await api.replay(id ?? '');
      toggleNotification({
        type: 'success',
        message: t('message.replayed', 'Message queued again'),
      });
    } catch (failure) {
      toggleNotification({ type: 'danger', message: errorReason(failure) });
    }
  };

  const showPayload = async () => {
    setLoadingPayload(true);
    try {
      setPayload(JSON.stringify(await api.payload(id ?? ''), null, 2));
    } catch (failure) {
      toggleNotification({ type: 'danger', message: errorReason(failure) });
    } finally {
      setLoadingPayload(false);
    }
  };

  if (error && !detail) return <Page.Error />;
  if (!detail) return <Page.Loading />;
  const { message, summary, entries, images } = detail;

  return (
    <Page.Main>
      <Page.Title>{t('message.title', 'Message #{id}', { id: message.id })}</Page.Title>
      <Layouts.Header
        navigationAction={<BackButton fallback={`/plugins/${PLUGIN_ID}`} disabled={false} />}
        title={t('message.heading', '{type} #{id}', { type: message.messageType, id: message.id })}
        subtitle={
          <Flex gap={2}>
            <StatusBadge status={message.status} itemsFailed={message.itemsFailed} />
            {detail.waitingBehind !== null && (
              <Typography variant="omega" textColor="neutral600" data-testid="waiting-turn">
                {t(
                  'message.waitingTurn',
                  'Waiting its turn: full sync #{id} is being applied, then this one.',
                  { id: detail.waitingBehind }
                )}
              </Typography>
            )}
          </Flex>
        }
        primaryAction={
          allowedActions.canReplay && detail.waitingBehind === null ? (
            <Button startIcon={<ArrowClockwise />} onClick={replay} disabled={!detail.replayable}>
              {t('message.replay', 'Replay')}
            </Button>
          ) : undefined
        }
      />
      <Layouts.Content>
        <Flex direction="column" alignItems="stretch" gap={6}>
          <Panel title={t('message.summary', 'Summary')}>
            <Grid.Root gap={4}>
              <Grid.Item col={3} s={6}>
                <Fact label={t('message.received', 'Received')}>
                  {formatTime(message.receivedAt)}
                </Fact>
              </Grid.Item>
              <Grid.Item col={3} s={6}>
                <Fact label={t('message.organization', 'Organisation')}>
                  {summary?.organization
                    ? `${summary.organization.name ?? ''} (${summary.organization.id})`
                    : (message.organizationId ?? '–')}
                </Fact>
              </Grid.Item>
              <Grid.Item col={3} s={6}>
                <Fact label={t('message.size', 'Size')}>{formatBytes(message.size)}</Fact>
              </Grid.Item>
              <Grid.Item col={3} s={6}>
                <Fact label={t('message.timing', 'Duration · attempts · replays')}>
                  {`${formatDuration(message.durationMs)} · ${message.attempts} · ${message.replays}`}
                </Fact>
              </Grid.Item>
              <Grid.Item col={3} s={6}>
                <Fact
                  label={t('message.items', 'Items processed')}
                >{`${message.itemsProcessed} / ${message.itemCount}`}</Fact>
              </Grid.Item>
              <Grid.Item col={3} s={6}>
                <Fact label={t('message.source', 'Source address')}>
                  {message.sourceAddress ?? '–'}
                </Fact>
              </Grid.Item>
              <Grid.Item col={6} s={12}>
                <Fact label="SHA-256">{message.sha256}</Fact>
              </Grid.Item>
            </Grid.Root>
            {summary && (
              <Grid.Root gap={4}>
                <Grid.Item col={6} s={12}>
                  <Fact label={t('message.events', 'Events')}>{listText(summary.events)}</Fact>
                </Grid.Item>
                <Grid.Item col={6} s={12}>
                  <Fact label={t('message.locations', 'Locations')}>
                    {listText(summary.locations)}
                  </Fact>
                </Grid.Item>
                <Grid.Item col={6} s={12}>
                  <Fact label={t('message.deletedEvents', 'Removed events')}>
                    {listText(summary.deletedEvents)}
                  </Fact>
                </Grid.Item>
                <Grid.Item col={6} s={12}>
                  <Fact label={t('message.deletedLocations', 'Removed locations')}>
                    {listText(summary.deletedLocations)}
                  </Fact>
                </Grid.Item>
              </Grid.Root>
            )}
            {message.error && (
              <Typography textColor="danger600" data-testid="message-error">
                {message.error}
              </Typography>
            )}
          </Panel>

          {message.itemErrors && message.itemErrors.length > 0 && (
            <Panel
              title={t('message.itemErrors', 'Item errors ({count})', {
                count: message.itemsFailed,
              })}
            >
              <Table colCount={2} rowCount={message.itemErrors.length + 1}>
                <TableHead columns={[t('message.path', 'Path'), t('message.reason', 'Reason')]} />
                <Tbody>
                  {message.itemErrors.map((itemError, index) => (
                    <Tr key={index}>
                      <Td>
                        <Typography variant="omega" fontWeight="bold">
                          {itemError.path}
                        </Typography>
                      </Td>
                      <Td>
                        <Typography variant="omega">{itemError.reason}</Typography>
                      </Td>
                    </Tr>
                  ))}
                </Tbody>
              </Table>
            </Panel>
          )}

          {entries.length > 0 && (
            <Panel title={t('message.entries', 'Entries in the Content Manager')}>
              <Flex direction="column" alignItems="flex-start" gap={2}>
                {entries.map((entry) => (
                  <Flex key={`${entry.type}-${entry.documentId}`} gap={2} wrap="wrap">
                    <Link tag={NavLink} to={entry.contentManagerPath}>
                      {`${entry.type}: ${entry.name ?? entry.stagerId} (${entry.stagerId})`}
                    </Link>
                    <Typography variant="pi" textColor="neutral600">
                      {entry.change
                        ? `${t(`message.entry.${entry.change.action}`, entry.change.action)}: ${entry.change.fields.join(', ')}`
                        : t('message.entry.unchanged', 'unchanged')}
                    </Typography>
                  </Flex>
                ))}
              </Flex>
            </Panel>
          )}

          {images && images.length > 0 && (
            <Panel title={t('images.title', 'Images ({count})', { count: images.length })}>
              <MessageImages images={images} />
            </Panel>
          )}

          <Panel title={t('message.payload', 'Raw payload')}>
            {message.payloadPrunedAt ? (
              <Typography>
                {t('message.pruned', 'Pruned after the retention period on {date}.', {
                  date: formatTime(message.payloadPrunedAt),
                })}
              </Typography>
            ) : payload === null ? (
              <Box>
                <Button variant="secondary" onClick={showPayload} loading={loadingPayload}>
                  {t('message.showPayload', 'Show payload')}
                </Button>
              </Box>
            ) : (
              <Box
                tag="pre"
                background="neutral100"
                padding={4}
                hasRadius
                overflow="auto"
                maxHeight="600px"
                data-testid="payload"
              >
                <Typography variant="pi" tag="code" fontWeight="regular">
                  {payload.length > MAX_SHOWN_CHARACTERS
                    ? `${payload.slice(0, MAX_SHOWN_CHARACTERS)}\n…`
                    : payload}
                </Typography>
              </Box>
            )}
          </Panel>
        </Flex>
      </Layouts.Content>
    </Page.Main>
  );
};
