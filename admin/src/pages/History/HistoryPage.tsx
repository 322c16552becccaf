import * as React from 'react';
import { Box, Button, Flex, Typography } from '@strapi/design-system';
import { ArrowClockwise } from '@strapi/icons';
import { Layouts, Page, useNotification, useRBAC } from '@strapi/strapi/admin';
import {
  errorReason,
  useStagerApi,
  type Health,
  type HistoryFilters as Filters,
  type ListMessages,
} from '../../api';
import { PERMISSIONS } from '../../permissions';
import { useT } from '../../useT';
import { HealthPanel } from './HealthPanel';
import { HistoryFilters } from './HistoryFilters';
import { HistoryTable } from './HistoryTable';
import { usePolling } from './usePolling';

const PAGE_SIZE = 20;
const REFRESH_MS = 2_000;

export const HistoryPage = () => {
  const t = useT();
  const api = useStagerApi();
  const { toggleNotification } = useNotification();
  const { allowedActions } = useRBAC({ replay: PERMISSIONS.replay });
  const [filters, setFilters] = React.useState<Filters>({});
  const [page, setPage] = React.useState(1);
  const [history, setHistory] = React.useState<ListMessages.Response | null>(null);
  const [health, setHealth] = React.useState<Health | null>(null);
  const [error, setError] = React.useState<string | null>(null);
  const [replaying, setReplaying] = React.useState(false);

  usePolling(
    async () => {
      try {
        const [list, status] = await Promise.all([
          api.messages({ ...filters, page, pageSize: PAGE_SIZE }),
          api.health(),
        ]);
        setHistory(list);
        setHealth(status);
        setError(null);
      } catch (failure) {
        setError(errorReason(failure));
      }
    },
    JSON.stringify([filters, page]),
    REFRESH_MS
  );

  const changeFilters = (next: Filters) => {
    setFilters(next);
    setPage(1);
  };

  const replayFailed = async () => {
    setReplaying(true);
    try {
      const { replayed } = await api.replayFailed(filters);
      toggleNotification({
        type: 'success',
        message: t('history.replayedFailed', '{count} failed message(s) queued again', {
          count: replayed,
        }),
      });
    } catch (failure) {
      toggleNotification({ type: 'danger', message: errorReason(failure) });
    } finally {
      setReplaying(false);
    }
  };

  if (error && !history) return <Page.Error />;
  if (!history || !health) return <Page.Loading />;
  const { pagination } = history;

  return (
    <Page.Main>
      <Page.Title>{t('history.title', 'Stager sync history')}</Page.Title>
      <Layouts.Header
        title={t('history.title', 'Stager sync history')}
        subtitle={t(
          'history.subtitle',
          'Every message Stager sent, newest first. {total} in all.',
          { total: pagination.total }
        )}
        primaryAction={
          allowedActions.canReplay ? (
            <Button
              startIcon={<ArrowClockwise />}
              variant="secondary"
              onClick={replayFailed}
              loading={replaying}
            >
              {t('history.replayFailed', 'Replay failed messages')}
            </Button>
          ) : undefined
        }
      />
      <Layouts.Content>
        <Flex direction="column" alignItems="stretch" gap={6}>
          <HealthPanel health={health} />
          <HistoryFilters filters={filters} onChange={changeFilters} />
          {history.results.length === 0 ? (
            <Box background="neutral0" padding={8} hasRadius>
              <Typography>{t('history.empty', 'No messages match.')}</Typography>
            </Box>
          ) : (
            <HistoryTable rows={history.results} />
          )}
          <Flex gap={3} justifyContent="flex-end">
            <Button variant="tertiary" disabled={page <= 1} onClick={() => setPage(page - 1)}>
              {t('history.previous', 'Previous')}
            </Button>
            <Typography>
              {t('history.page', 'Page {page} of {pageCount}', {
                page: pagination.page,
                pageCount: Math.max(pagination.pageCount, 1),
              })}
            </Typography>
            <Button
              variant="tertiary"
              disabled={page >= pagination.pageCount}
              onClick={() => setPage(page + 1)}
            >
              {t('history.next', 'Next')}
            </Button>
          </Flex>
        </Flex>
      </Layouts.Content>
    </Page.Main>
  );
};
