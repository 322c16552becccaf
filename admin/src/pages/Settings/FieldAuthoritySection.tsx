import * as React from 'react';
import {
  Button,
  Flex,
  SingleSelect,
  SingleSelectOption,
  Table,
  Tbody,
  Td,
  Tr,
  Typography,
} from '@strapi/design-system';
import {
  FIELD_AUTHORITIES,
  SYNCED_TYPES,
  editViewLabel,
  editViewPosition,
  useStagerApi,
  type FieldAuthority,
  type FieldAuthorityMap,
  type SyncedType,
} from '../../api';
import { TableHead } from '../../components/TableHead';
import { useT } from '../../useT';
import { Section, type SectionProps } from './Section';
import { useSave } from './useSave';

const TYPE_LABELS: Record<SyncedType, string> = {
  event: 'Events',
  location: 'Locations',
  organization: 'Organisations',
};

/** A type's fields in the edit view's order. */
const inEditViewOrder = <T extends { field: string }>(type: SyncedType, fields: readonly T[]) =>
  [...fields].sort((a, b) => editViewPosition(type, a.field) - editViewPosition(type, b.field));

/** A field as editors know it, by its Content Manager label, with its attribute name beside it. */
const FieldName = ({ type, field }: { type: SyncedType; field: string }) => {
  const label = editViewLabel(type, field);
  return (
    <Flex gap={2} wrap="wrap">
      <Typography fontWeight="semiBold">{label ?? field}</Typography>
      {label !== null && (
        <Typography variant="pi" textColor="neutral600" tag="code">
          {field}
        </Typography>
      )}
    </Flex>
  );
};

/** The table to save: every field the site's config does not set, with the choice made here. */
function editableChoices(
  settings: SectionProps['settings'],
  edits: FieldAuthorityMap
): FieldAuthorityMap {
  return Object.fromEntries(
    SYNCED_TYPES.map((type) => [
      type,
      Object.fromEntries(
        settings.fieldAuthority[type]
          .filter(({ readOnly }) => !readOnly)
          .map(({ field, authority }) => [field, edits[type]?.[field] ?? authority])
      ),
    ])
  );
}

export const FieldAuthoritySection = ({ settings, canUpdate, onSaved }: SectionProps) => {
  const t = useT();
  const api = useStagerApi();
  // Choices made in the table since the last save; the others are the settings' own.
  const [edits, setEdits] = React.useState<FieldAuthorityMap>({});
  const { save, saving } = useSave({
    onSaved: (saved: SectionProps['settings']) => {
      setEdits({});
      onSaved(saved);
    },
    successMessage: t('authority.saved', 'Saved: the next message of each entry follows it.'),
  });

  const labels: Record<FieldAuthority, string> = {
    stager: t('authority.stager', 'Stager: every message'),
    once: t('authority.once', 'Once: when it arrives'),
    editor: t('authority.editor', 'Editor: never synced'),
  };
  const changed = SYNCED_TYPES.some((type) =>
    settings.fieldAuthority[type].some(
      ({ field, authority, readOnly }) =>
        !readOnly && (edits[type]?.[field] ?? authority) !== authority
    )
  );

  return (
    <Section
      testId="field-authority"
      title={t('authority.title', 'What the sync owns')}
      description={t(
        'authority.description',
        'For each field Stager sends, who writes it: Stager on every message, Stager once when the entry is created (then the editor), or only the editor. Fields set in the site’s configuration (STAGER_FIELD_AUTHORITY) are shown but cannot be changed here.'
      )}
    >
      {settings.newEvents === 'review' && (
        <Typography variant="pi" textColor="neutral600">
          {t(
            'authority.review',
            'New events arrive hidden (STAGER_NEW_EVENTS=review): an editor unticks “Hidden” to put one on the site.'
          )}
        </Typography>
      )}
      {SYNCED_TYPES.map((type) => (
        <Flex key={type} direction="column" alignItems="stretch" gap={2}>
          <Typography variant="sigma" tag="h3">
            {t(`authority.type.${type}`, TYPE_LABELS[type])}
          </Typography>
          <Table colCount={3} rowCount={settings.fieldAuthority[type].length + 1}>
            <TableHead
              columns={[
                t('authority.field', 'Field'),
                t('authority.writer', 'Written by'),
                t('authority.source', 'Set in'),
              ]}
            />
            <Tbody>
              {inEditViewOrder(type, settings.fieldAuthority[type]).map(
                ({ field, authority, source, readOnly }) => (
                  <Tr key={field}>
                    <Td>
                      <FieldName type={type} field={field} />
                    </Td>
                    <Td>
                      <SingleSelect
                        aria-label={`${type} ${field}`}
                        value={readOnly ? authority : (edits[type]?.[field] ?? authority)}
                        disabled={readOnly || !canUpdate || saving}
                        onChange={(value: string | number) =>
                          setEdits((current) => ({
                            ...current,
                            [type]: { ...current[type], [field]: value as FieldAuthority },
                          }))
                        }
                      >
                        {FIELD_AUTHORITIES.map((option) => (
                          <SingleSelectOption key={option} value={option}>
                            {labels[option]}
                          </SingleSelectOption>
                        ))}
                      </SingleSelect>
                    </Td>
                    <Td>
                      <Typography textColor="neutral600">
                        {source === 'config'
                          ? t('authority.fromConfig', 'site configuration')
                          : source === 'admin'
                            ? t('authority.fromAdmin', 'here')
                            : t('authority.fromDefault', 'default')}
                      </Typography>
                    </Td>
                  </Tr>
                )
              )}
            </Tbody>
          </Table>
        </Flex>
      ))}
      {canUpdate && (
        <Flex justifyContent="flex-end">
          <Button
            disabled={!changed || saving}
            loading={saving}
            onClick={() =>
              save(() => api.updateSettings({ fieldAuthority: editableChoices(settings, edits) }))
            }
          >
            {t('authority.save', 'Save field authority')}
          </Button>
        </Flex>
      )}
    </Section>
  );
};
