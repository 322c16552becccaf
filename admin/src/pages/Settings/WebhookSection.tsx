import { Box, Field, Flex, IconButton } from '@strapi/design-system';
import { Duplicate } from '@strapi/icons';
import { useClipboard, useNotification } from '@strapi/strapi/admin';
import { useT } from '../../useT';
import { Section, type SectionProps } from './Section';

declare global {
  interface Window {
    strapi?: { backendURL?: string };
  }
}

export const WebhookSection = ({ settings }: SectionProps) => {
  const t = useT();
  const { copy } = useClipboard();
  const { toggleNotification } = useNotification();
  const webhookUrl = `${window.strapi?.backendURL || window.location.origin}${settings.webhookPath}`;

  const copyUrl = async () => {
    if (await copy(webhookUrl))
      toggleNotification({ type: 'info', message: t('webhook.copied', 'Webhook URL copied') });
  };

  return (
    <Section
      title={t('webhook.title', 'Webhook')}
      description={t(
        'webhook.description',
        'Give Stager this URL in the partner channel’s settings.'
      )}
    >
      <Field.Root name="webhookUrl" hint={t('webhook.hint', 'Stager POSTs signed messages here.')}>
        <Field.Label>{t('webhook.label', 'Webhook URL')}</Field.Label>
        <Flex gap={2}>
          <Box flex="1">
            <Field.Input value={webhookUrl} readOnly />
          </Box>
          <IconButton
            label={t('webhook.copy', 'Copy the webhook URL')}
            onClick={copyUrl}
            variant="tertiary"
          >
            <Duplicate />
          </IconButton>
        </Flex>
        <Field.Hint />
      </Field.Root>
    </Section>
  );
};
