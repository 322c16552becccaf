import { ArrowClockwise } from '@strapi/icons';
import { useNotification, useRBAC } from '@strapi/strapi/admin';
import { errorReason, useStagerApi } from '../api';
import { PERMISSIONS } from '../permissions';
import { useT } from '../useT';
import { syncedEntryOf, type EditViewContext } from './synced-types';

/**
 * The Content Manager's document action "Apply Stager's last message again", for users who may
 * replay messages: the message that last wrote the entry is queued again, as the sync history's
 * replay does.
 */
export const ReplayLastAction = (context: EditViewContext) => {
  const t = useT();
  const api = useStagerApi();
  const { toggleNotification } = useNotification();
  const { isLoading, allowedActions } = useRBAC({ replay: PERMISSIONS.replay });
  const entry = syncedEntryOf(context);
  if (!entry || isLoading || !allowedActions.canReplay) return null;
  return {
    label: t('action.replayLast', "Apply Stager's last message again"),
    icon: <ArrowClockwise />,
    position: 'panel' as const,
    async onClick() {
      try {
        const { id } = await api.replayLast(entry.type, entry.documentId);
        toggleNotification({
          type: 'success',
          message: t('action.replayLast.queued', 'Message #{id} is queued to be applied again.', {
            id,
          }),
        });
      } catch (error) {
        toggleNotification({ type: 'danger', message: errorReason(error) });
      }
    },
  };
};
ReplayLastAction.position = 'panel' as const;
