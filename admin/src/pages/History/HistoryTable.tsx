import {
  Flex,
  ProgressBar,
  Table,
  Tbody,
  Td,
  Th,
  Thead,
  Tr,
  Typography,
} from '@strapi/design-system';
import { useNavigate } from 'react-router-dom';
import type { HistoryRow } from '../../api';
import { formatBytes, formatDuration, formatTime } from '../../components/format';
import { StatusBadge } from '../../components/StatusBadge';
import { useT } from '../../useT';

const COLUMNS = 9;

const Items = ({ row }: { row: HistoryRow }) => {
  if (row.status === 'processing' && row.itemCount > 0) {
    const percent = Math.round((row.itemsProcessed / row.itemCount) * 100);
    return (
      <Flex gap={2}>
        <ProgressBar value={percent} size="S" />
        <Typography variant="pi">
          {row.itemsProcessed}/{row.itemCount}
        </Typography>
      </Flex>
    );
  }
  return (
    <Typography variant="omega">
      {row.itemCount}
      {row.itemsFailed > 0 ? ` (${row.itemsFailed} ✕)` : ''}
    </Typography>
  );
};

export const HistoryTable = ({ rows }: { rows: HistoryRow[] }) => {
  const t = useT();
  const navigate = useNavigate();
  const headers = [
    t('table.id', '#'),
    t('table.time', 'Received'),
    t('table.type', 'Type'),
    t('table.organization', 'Organisation'),
    t('table.items', 'Items'),
    t('table.size', 'Size'),
    t('table.status', 'Status'),
    t('table.duration', 'Duration'),
    t('table.attempts', 'Attempts'),
  ];
  return (
    <Table colCount={COLUMNS} rowCount={rows.length + 1}>
      <Thead>
        <Tr>
          {headers.map((header) => (
            <Th key={header}>
              <Typography variant="sigma">{header}</Typography>
            </Th>
          ))}
        </Tr>
      </Thead>
      <Tbody>
        {rows.map((row) => (
          <Tr
            key={row.id}
            onClick={() => navigate(`messages/${row.id}`)}
            style={{ cursor: 'pointer' }}
            data-testid={`history-row-${row.id}`}
          >
            <Td>
              <Typography variant="omega">{row.id}</Typography>
            </Td>
            <Td>
              <Typography variant="omega">{formatTime(row.receivedAt)}</Typography>
            </Td>
            <Td>
              <Typography variant="omega" fontWeight="bold">
                {row.messageType}
              </Typography>
            </Td>
            <Td>
              <Typography variant="omega">{row.organizationId ?? '–'}</Typography>
            </Td>
            <Td>
              <Items row={row} />
            </Td>
            <Td>
              <Typography variant="omega">{formatBytes(row.size)}</Typography>
            </Td>
            <Td>
              <StatusBadge status={row.status} itemsFailed={row.itemsFailed} />
            </Td>
            <Td>
              <Typography variant="omega">{formatDuration(row.durationMs)}</Typography>
            </Td>
            <Td>
              <Typography variant="omega">
                {row.attempts}
                {row.replays > 0
                  ? ` · ${t('table.replays', '{count} replay(s)', { count: row.replays })}`
                  : ''}
              </Typography>
            </Td>
          </Tr>
        ))}
      </Tbody>
    </Table>
  );
};
