import * as React from 'react';
import { Badge, Box, Flex, Link, Loader, Typography } from '@strapi/design-system';
import { useRBAC } from '@strapi/strapi/admin';
import { NavLink } from 'react-router-dom';
import {
  errorReason,
  useStagerApi,
  type ChangeRecordEntry,
  type FieldAuthority,
  type FieldChange,
  type GetEntrySync,
  type OffSiteReason,
  type SyncedType,
  type TranslationStatus,
} from '../api';
import { formatTime } from '../components/format';
import { PERMISSIONS } from '../permissions';
import { useT } from '../useT';
import { messagePath, syncedEntryOf, type EditViewContext } from './synced-types';

type EntrySync = GetEntrySync.Response['data'];
type T = ReturnType<typeof useT>;

/** Changes shown in the panel; the sync history has the rest. */
const SHOWN_CHANGES = 5;

const value = (shown: unknown) =>
  shown === null || shown === undefined
    ? '–'
    : typeof shown === 'string'
      ? shown
      : JSON.stringify(shown);

function FieldLine({ change, t }: { change: FieldChange; t: T }) {
  return (
    <Typography variant="pi" tag="li">
      <Typography variant="pi" fontWeight="bold">
        {change.field}
      </Typography>
      {change.kind === 'changed'
        ? `: ${t('panel.changed', 'changed')}`
        : `: ${value(change.old)} → ${value(change.new)}`}
    </Typography>
  );
}

function ChangeItem({ change, t }: { change: ChangeRecordEntry; t: T }) {
  const actions: Record<ChangeRecordEntry['action'], string> = {
    created: t('panel.created', 'Created'),
    changed: t('panel.changedBy', 'Changed'),
    removed: t('panel.removed', 'Removed'),
    restored: t('panel.restored', 'Restored'),
  };
  return (
    <Box tag="li" paddingTop={2}>
      <Typography variant="pi" textColor="neutral600">
        {`${actions[change.action]} · ${formatTime(change.recordedAt)} · `}
      </Typography>
      <Link tag={NavLink} to={messagePath(change.messageId)}>
        {t('panel.message', 'message #{id}', { id: change.messageId })}
      </Link>
      <Box tag="ul" paddingLeft={2}>
        {change.fields.map((field) => (
          <FieldLine key={field.field} change={field} t={t} />
        ))}
      </Box>
    </Box>
  );
}

function OffSite({ offSite, t }: { offSite: OffSiteReason; t: T }) {
  if (offSite.reason === 'review')
    return <Badge>{t('panel.review', 'Not on the site: waiting for review')}</Badge>;
  if (offSite.reason === 'hidden')
    return <Badge>{t('panel.hidden', 'Not on the site: hidden by an editor')}</Badge>;
  return (
    <Flex gap={1} wrap="wrap">
      <Badge>{t('panel.removedBy', 'Not on the site: removed by Stager')}</Badge>
      {offSite.messageId !== null && (
        <Link tag={NavLink} to={messagePath(offSite.messageId)}>
          {t('panel.message', 'message #{id}', { id: offSite.messageId })}
        </Link>
      )}
    </Flex>
  );
}

function Authorities({ authority, t }: { authority: Record<string, FieldAuthority>; t: T }) {
  const labels: Record<FieldAuthority, string> = {
    stager: t('panel.authority.stager', 'Stager writes'),
    once: t('panel.authority.once', 'Stager writes once, then editors'),
    editor: t('panel.authority.editor', 'Editors write'),
  };
  const groups = (Object.keys(labels) as FieldAuthority[])
    .map((who) => ({
      who,
      fields: Object.keys(authority).filter((field) => authority[field] === who),
    }))
    .filter(({ fields }) => fields.length > 0);
  return (
    <Flex direction="column" alignItems="flex-start" gap={1} data-testid="stager-authority">
      {groups.map(({ who, fields }) => (
        <Typography key={who} variant="pi">
          <Typography variant="pi" fontWeight="bold">
            {`${labels[who]}: `}
          </Typography>
          {fields.join(', ')}
        </Typography>
      ))}
    </Flex>
  );
}

/** In a translated locale: which words the translator wrote, and which Stager changed since. */
function Translation({ translation, t }: { translation: TranslationStatus; t: T }) {
  const translated = Object.keys(translation.translatedAt);
  return (
    <Flex direction="column" alignItems="flex-start" gap={1} data-testid="stager-translation">
      {translation.sourceChanged.length > 0 && (
        <Badge backgroundColor="warning100" textColor="warning700">
          {t(
            'panel.sourceChanged',
            'Stager changed the {locale} text since this translation: {fields}',
            {
              locale: translation.sourceLocale,
              fields: translation.sourceChanged.join(', '),
            }
          )}
        </Badge>
      )}
      <Typography variant="pi">
        {translated.length === 0
          ? t('panel.untranslated', 'Not translated yet: these words follow Stager ({locale}).', {
              locale: translation.sourceLocale,
            })
          : t('panel.translated', 'Translated here, kept through every sync: {fields}', {
              fields: translated.join(', '),
            })}
      </Typography>
    </Flex>
  );
}

/** The panel's content: the entry's sync status, fetched from the plugin's admin API. */
export function StagerPanelContent({
  type,
  documentId,
  locale,
}: {
  type: SyncedType;
  documentId: string;
  locale?: string;
}) {
  const t = useT();
  const api = useStagerApi();
  const [sync, setSync] = React.useState<EntrySync | null>(null);
  const [error, setError] = React.useState<string | null>(null);

  React.useEffect(() => {
    let current = true;
    api.entrySync(type, documentId, locale).then(
      (data) => current && setSync(data),
      (failure) => current && setError(errorReason(failure))
    );
    return () => {
      current = false;
    };
  }, [api, type, documentId, locale]);

  if (error) return <Typography textColor="danger600">{error}</Typography>;
  if (!sync) return <Loader small>{t('panel.loading', 'Loading the sync status')}</Loader>;
  return (
    <Flex direction="column" alignItems="stretch" gap={3} width="100%" data-testid="stager-panel">
      <Typography variant="pi">
        {t('panel.lastSynced', 'Last synced: {time}', { time: formatTime(sync.lastSyncedAt) })}
      </Typography>
      {sync.translation && <Translation translation={sync.translation} t={t} />}
      {sync.offSite && <OffSite offSite={sync.offSite} t={t} />}
      <Authorities authority={sync.authority} t={t} />
      <Box>
        <Typography variant="sigma" textColor="neutral600">
          {t('panel.lastChanges', 'Last changes')}
        </Typography>
        {sync.changes.length === 0 ? (
          <Typography variant="pi" tag="p">
            {t('panel.noChanges', 'None recorded.')}
          </Typography>
        ) : (
          <Box tag="ul" data-testid="stager-changes">
            {sync.changes.slice(0, SHOWN_CHANGES).map((change) => (
              <ChangeItem key={`${change.messageId}-${change.action}`} change={change} t={t} />
            ))}
          </Box>
        )}
      </Box>
    </Flex>
  );
}

/** Shown to users who may read the sync history only; the API checks the same. */
function ProtectedContent(props: { type: SyncedType; documentId: string; locale?: string }) {
  const t = useT();
  const { isLoading, allowedActions } = useRBAC({ read: PERMISSIONS.readHistory });
  if (isLoading) return null;
  if (!allowedActions.canRead)
    return (
      <Typography variant="pi">
        {t('panel.forbidden', 'Reading the Stager sync history is not allowed for your role.')}
      </Typography>
    );
  return <StagerPanelContent {...props} />;
}

/** The Content Manager's "Stager" side panel, for entries Stager wrote. */
export const StagerPanel = (context: EditViewContext) => {
  const entry = syncedEntryOf(context);
  if (!entry) return null;
  return {
    title: 'Stager',
    content: (
      <ProtectedContent type={entry.type} documentId={entry.documentId} locale={entry.locale} />
    ),
  };
};
