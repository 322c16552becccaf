import { Status, Typography } from '@strapi/design-system';
import type { InboxStatus } from '../api';

const VARIANTS: Record<
  InboxStatus,
  'success' | 'danger' | 'warning' | 'secondary' | 'neutral' | 'primary'
> = {
  received: 'neutral',
  queued: 'secondary',
  processing: 'primary',
  processed: 'success',
  failed: 'danger',
  unsupported: 'warning',
};

export const StatusBadge = ({
  status,
  itemsFailed = 0,
}: {
  status: InboxStatus;
  itemsFailed?: number;
}) => (
  <Status
    variant={status === 'processed' && itemsFailed > 0 ? 'warning' : VARIANTS[status]}
    size="S"
  >
    <Typography tag="span" variant="omega" fontWeight="bold">
      {status}
    </Typography>
  </Status>
);
