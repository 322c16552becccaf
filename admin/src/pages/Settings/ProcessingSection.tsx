import * as React from 'react';
import { Field, Toggle, Typography } from '@strapi/design-system';
import { useFetchClient, useNotification } from '@strapi/strapi/admin';
import { errorReason, type SettingsView } from '../../api';
import { useT } from '../../useT';
import { Section } from './Section';
import type { SectionProps } from './SettingsPage';

export const ProcessingSection = ({ settings, canUpdate, onSaved }: SectionProps) => {
  const t = useT();
  const { put } = useFetchClient();
  const { toggleNotification } = useNotification();
  const [saving, setSaving] = React.useState(false);

  const setPaused = async (processingPaused: boolean) => {
    setSaving(true);
    try {
      const { data } = await put<{ data: SettingsView }>('/stager/settings', { processingPaused });
      onSaved(data.data);
    } catch (failure) {
      toggleNotification({ type: 'danger', message: errorReason(failure) });
    } finally {
      setSaving(false);
    }
  };

  return (
    <Section
      title={t('processing.title', 'Processing')}
      description={t('processing.description', 'While paused, messages are still accepted and stored, and applied once processing resumes.')}
    >
      <Field.Root name="processing">
        <Field.Label>{t('processing.label', 'Apply received messages')}</Field.Label>
        <Toggle
          checked={!settings.processingPaused}
          onLabel={t('processing.on', 'Running')}
          offLabel={t('processing.off', 'Paused')}
          disabled={!canUpdate || saving}
          onChange={(event: React.ChangeEvent<HTMLInputElement>) => setPaused(!event.target.checked)}
        />
      </Field.Root>
      {!settings.workerEnabled && (
        <Typography variant="pi" textColor="neutral600">
          {t('processing.workerOff', 'This instance runs no worker (STAGER_WORKER=false): another instance applies the messages.')}
        </Typography>
      )}
    </Section>
  );
};
