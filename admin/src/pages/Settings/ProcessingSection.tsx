import * as React from 'react';
import { Field, Toggle, Typography } from '@strapi/design-system';
import { useStagerApi } from '../../api';
import { useT } from '../../useT';
import { Section, type SectionProps } from './Section';
import { useSave } from './useSave';

export const ProcessingSection = ({ settings, canUpdate, onSaved }: SectionProps) => {
  const t = useT();
  const api = useStagerApi();
  const { save, saving } = useSave({ onSaved });

  const setPaused = (processingPaused: boolean) =>
    save(() => api.updateSettings({ processingPaused }));

  return (
    <Section
      title={t('processing.title', 'Processing')}
      description={t(
        'processing.description',
        'While paused, messages are still accepted and stored, and applied once processing resumes.'
      )}
    >
      <Field.Root name="processing">
        <Field.Label>{t('processing.label', 'Apply received messages')}</Field.Label>
        <Toggle
          checked={!settings.processingPaused}
          onLabel={t('processing.on', 'Running')}
          offLabel={t('processing.off', 'Paused')}
          disabled={!canUpdate || saving}
          onChange={(event: React.ChangeEvent<HTMLInputElement>) =>
            setPaused(!event.target.checked)
          }
        />
      </Field.Root>
      {!settings.workerEnabled && (
        <Typography variant="pi" textColor="neutral600">
          {t(
            'processing.workerOff',
            'This instance runs no worker (STAGER_WORKER=false): another instance applies the messages.'
          )}
        </Typography>
      )}
    </Section>
  );
};
