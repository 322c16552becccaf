import * as React from 'react';
import { Flex } from '@strapi/design-system';
import { Layouts, Page, useNotification, useRBAC } from '@strapi/strapi/admin';
import { errorReason, useStagerApi, type SettingsView } from '../../api';
import { PERMISSIONS } from '../../permissions';
import { useT } from '../../useT';
import { AllowlistSection } from './AllowlistSection';
import { FieldAuthoritySection } from './FieldAuthoritySection';
import { ProcessingSection } from './ProcessingSection';
import type { SectionProps } from './Section';
import { TestMessageSection } from './TestMessageSection';
import { TokenSection } from './TokenSection';
import { WebhookEventsSection } from './WebhookEventsSection';
import { WebhookSection } from './WebhookSection';

const SettingsPage = () => {
  const t = useT();
  const api = useStagerApi();
  const { toggleNotification } = useNotification();
  const { allowedActions, isLoading: permissionsLoading } = useRBAC({
    read: PERMISSIONS.readSettings,
    update: PERMISSIONS.updateSettings,
  });
  const [settings, setSettings] = React.useState<SettingsView | null>(null);
  const [error, setError] = React.useState<string | null>(null);

  React.useEffect(() => {
    if (!allowedActions.canRead) return;
    api
      .settings()
      .then(setSettings)
      .catch((failure: unknown) => {
        setError(errorReason(failure));
        toggleNotification({ type: 'danger', message: errorReason(failure) });
      });
  }, [allowedActions.canRead, api, toggleNotification]);

  if (permissionsLoading) return <Page.Loading />;
  if (!allowedActions.canRead) return <Page.NoPermissions />;
  if (error) return <Page.Error />;
  if (!settings) return <Page.Loading />;

  const sectionProps: SectionProps = {
    settings,
    canUpdate: allowedActions.canUpdate,
    onSaved: setSettings,
  };
  return (
    <Page.Main>
      <Page.Title>{t('settings.title', 'Stager')}</Page.Title>
      <Layouts.Header
        title={t('settings.title', 'Stager')}
        subtitle={t(
          'settings.subtitle',
          'Receive Stager’s push feed: the webhook, its token and who may post to it.'
        )}
      />
      <Layouts.Content>
        <Flex direction="column" alignItems="stretch" gap={6}>
          <WebhookSection {...sectionProps} />
          <TokenSection {...sectionProps} />
          <AllowlistSection {...sectionProps} />
          <ProcessingSection {...sectionProps} />
          <FieldAuthoritySection {...sectionProps} />
          <WebhookEventsSection />
          {allowedActions.canUpdate && <TestMessageSection {...sectionProps} />}
        </Flex>
      </Layouts.Content>
    </Page.Main>
  );
};

export default SettingsPage;
