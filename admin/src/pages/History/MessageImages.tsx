import * as React from 'react';
import { Flex, Table, Tbody, Td, Tr, Typography } from '@strapi/design-system';
import type { MediaState, MessageImageStatus } from '../../api';
import { TableHead } from '../../components/TableHead';
import { useT } from '../../useT';

/** Rows shown at most: a full sync carries thousands of images; the failed ones come first. */
const MAX_ROWS = 200;

const STATE_ORDER: Record<string, number> = { failed: 0, pending: 1, stored: 2 };
const STATE_COLOURS: Record<MediaState, string> = {
  failed: 'danger600',
  pending: 'neutral600',
  stored: 'success600',
};

/** The images a message carries, with what became of each on its way into the Media Library. */
export const MessageImages = ({ images }: { images: MessageImageStatus[] }) => {
  const t = useT();
  const stateLabel = (state: MediaState | null) =>
    state === null
      ? t('images.state.none', 'not downloaded')
      : t(
          `images.state.${state}`,
          { failed: 'failed', pending: 'waiting', stored: 'stored' }[state]
        );
  const counts = images.reduce<Record<string, number>>((tally, { state }) => {
    const key = state ?? 'none';
    tally[key] = (tally[key] ?? 0) + 1;
    return tally;
  }, {});
  const shown = [...images]
    .sort((a, b) => (STATE_ORDER[a.state ?? ''] ?? 3) - (STATE_ORDER[b.state ?? ''] ?? 3))
    .slice(0, MAX_ROWS);

  return (
    <Flex direction="column" alignItems="stretch" gap={4}>
      <Typography variant="omega" data-testid="image-counts">
        {t('images.counts', '{stored} stored · {pending} waiting · {failed} failed', {
          stored: counts.stored ?? 0,
          pending: counts.pending ?? 0,
          failed: counts.failed ?? 0,
        })}
      </Typography>
      <Table colCount={3} rowCount={shown.length + 1}>
        <TableHead
          columns={[
            t('images.url', 'Image'),
            t('images.state', 'State'),
            t('message.reason', 'Reason'),
          ]}
        />
        <Tbody>
          {shown.map((image) => (
            <Tr key={image.url}>
              <Td>
                <Typography variant="omega" ellipsis title={image.url}>
                  {image.url}
                </Typography>
              </Td>
              <Td>
                <Typography
                  variant="omega"
                  fontWeight="bold"
                  textColor={image.state ? STATE_COLOURS[image.state] : 'neutral600'}
                >
                  {stateLabel(image.state)}
                </Typography>
              </Td>
              <Td>
                <Typography variant="omega">
                  {image.reason ?? (image.attempts > 1 ? `${image.attempts} attempts` : '–')}
                </Typography>
              </Td>
            </Tr>
          ))}
        </Tbody>
      </Table>
      {images.length > shown.length && (
        <Typography variant="pi" textColor="neutral600">
          {t('images.more', '… and {count} more', { count: images.length - shown.length })}
        </Typography>
      )}
    </Flex>
  );
};
