import * as React from 'react';
import {
  DatePicker,
  Field,
  Flex,
  SingleSelect,
  SingleSelectOption,
  TextInput,
} from '@strapi/design-system';
import { INBOX_STATUSES, MESSAGE_TYPES, type HistoryFilters as Filters } from '../../api';
import { useT } from '../../useT';

interface Props {
  filters: Filters;
  onChange: (filters: Filters) => void;
}

const startOfDay = (date: Date) =>
  new Date(date.getFullYear(), date.getMonth(), date.getDate()).toISOString();
const endOfDay = (date: Date) =>
  new Date(date.getFullYear(), date.getMonth(), date.getDate(), 23, 59, 59, 999).toISOString();

export const HistoryFilters = ({ filters, onChange }: Props) => {
  const t = useT();
  const [organization, setOrganization] = React.useState(filters.organizationId ?? '');
  const set = (change: Filters) => onChange({ ...filters, ...change });

  return (
    <Flex gap={3} wrap="wrap" alignItems="flex-end">
      <Field.Root name="messageType" width="220px">
        <Field.Label>{t('filters.type', 'Type')}</Field.Label>
        <SingleSelect
          placeholder={t('filters.any', 'Any')}
          value={filters.messageType ?? ''}
          onClear={() => set({ messageType: undefined })}
          onChange={(value: string | number) => set({ messageType: String(value) || undefined })}
        >
          {MESSAGE_TYPES.map((type) => (
            <SingleSelectOption key={type} value={type}>
              {type}
            </SingleSelectOption>
          ))}
        </SingleSelect>
      </Field.Root>
      <Field.Root name="status" width="160px">
        <Field.Label>{t('filters.status', 'Status')}</Field.Label>
        <SingleSelect
          placeholder={t('filters.any', 'Any')}
          value={filters.status ?? ''}
          onClear={() => set({ status: undefined })}
          onChange={(value: string | number) =>
            set({
              status: (INBOX_STATUSES as readonly (string | number)[]).find(
                (status) => status === value
              ) as Filters['status'],
            })
          }
        >
          {INBOX_STATUSES.map((status) => (
            <SingleSelectOption key={status} value={status}>
              {status}
            </SingleSelectOption>
          ))}
        </SingleSelect>
      </Field.Root>
      <Field.Root name="organizationId" width="180px">
        <Field.Label>{t('filters.organization', 'Organisation id')}</Field.Label>
        <TextInput
          value={organization}
          onChange={(event: React.ChangeEvent<HTMLInputElement>) =>
            setOrganization(event.target.value)
          }
          onBlur={() => set({ organizationId: organization.trim() || undefined })}
          onKeyDown={(event: React.KeyboardEvent) => {
            if (event.key === 'Enter') set({ organizationId: organization.trim() || undefined });
          }}
        />
      </Field.Root>
      <Field.Root name="receivedFrom" width="180px">
        <Field.Label>{t('filters.from', 'Received from')}</Field.Label>
        <DatePicker
          value={filters.receivedFrom ? new Date(filters.receivedFrom) : undefined}
          onChange={(date: Date | undefined) =>
            set({ receivedFrom: date ? startOfDay(date) : undefined })
          }
          onClear={() => set({ receivedFrom: undefined })}
        />
      </Field.Root>
      <Field.Root name="receivedTo" width="180px">
        <Field.Label>{t('filters.to', 'Received until')}</Field.Label>
        <DatePicker
          value={filters.receivedTo ? new Date(filters.receivedTo) : undefined}
          onChange={(date: Date | undefined) =>
            set({ receivedTo: date ? endOfDay(date) : undefined })
          }
          onClear={() => set({ receivedTo: undefined })}
        />
      </Field.Root>
    </Flex>
  );
};
