import * as React from 'react';
import { Typography } from '@strapi/design-system';
import { PLUGIN_ID, useStagerApi, type SyncedType } from '../api';
import { formatTime } from '../components/format';
import { syncedTypeOf } from './synced-types';

type LastSyncedLoader = (documentIds: string[]) => Promise<Record<string, string | null>>;

/**
 * The cells of one list page ask together: the ids asked for in the same tick go in one request.
 */
function batched(load: LastSyncedLoader) {
  let waiting: Array<{ documentId: string; resolve: (time: string | null) => void }> = [];
  return (documentId: string) =>
    new Promise<string | null>((resolve) => {
      waiting.push({ documentId, resolve });
      if (waiting.length > 1) return;
      setTimeout(() => {
        const batch = waiting;
        waiting = [];
        load([...new Set(batch.map((item) => item.documentId))]).then(
          (times) => batch.forEach((item) => item.resolve(times[item.documentId] ?? null)),
          () => batch.forEach((item) => item.resolve(null))
        );
      }, 0);
    });
}

const loaders = new Map<string, (documentId: string) => Promise<string | null>>();

function LastSyncedCell({ type, documentId }: { type: SyncedType; documentId: string }) {
  const api = useStagerApi();
  const [time, setTime] = React.useState<string | null | undefined>(undefined);
  React.useEffect(() => {
    let loader = loaders.get(type);
    if (!loader) {
      loader = batched((ids) => api.lastSynced(type, ids));
      loaders.set(type, loader);
    }
    let current = true;
    loader(documentId).then((value) => current && setTime(value));
    return () => {
      current = false;
    };
  }, [api, type, documentId]);
  return (
    <Typography textColor="neutral800">{time === undefined ? '…' : formatTime(time)}</Typography>
  );
}

interface ListLayout {
  layout: { options?: { stager?: { synced?: string } } };
  displayedHeaders: unknown[];
}

/**
 * The hook `Admin/CM/pages/ListView/inject-column-in-table`: a "Last synced" column for the synced
 * types, which say so in their schema's `pluginOptions.stager.synced` (the list layout's options).
 */
export function addLastSyncedColumn({ displayedHeaders, layout }: ListLayout) {
  const type = syncedTypeOf(
    layout.options?.stager?.synced && `plugin::${PLUGIN_ID}.${layout.options.stager.synced}`
  );
  if (!type) return { displayedHeaders, layout };
  return {
    displayedHeaders: [
      ...displayedHeaders,
      {
        attribute: { type: 'string' },
        label: { id: `${PLUGIN_ID}.list.lastSynced`, defaultMessage: 'Last synced' },
        searchable: false,
        sortable: false,
        name: 'stagerLastSynced',
        cellFormatter: (document: { documentId: string }) => (
          <LastSyncedCell type={type} documentId={document.documentId} />
        ),
      },
    ],
    layout,
  };
}
