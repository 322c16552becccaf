import * as React from 'react';
import { Box, Button, Flex, Link, Typography } from '@strapi/design-system';
import { NavLink } from 'react-router-dom';
import { useStagerApi, type TestMessageResult } from '../../api';
import { StatusBadge } from '../../components/StatusBadge';
import { PLUGIN_ID } from '../../../../shared/constants';
import { useT } from '../../useT';
import { Section, type SectionProps } from './Section';
import { useSave } from './useSave';

export const TestMessageSection = ({ settings }: SectionProps) => {
  const t = useT();
  const api = useStagerApi();
  const [result, setResult] = React.useState<TestMessageResult | null>(null);
  const [error, setError] = React.useState<string | null>(null);
  const { save, saving: sending } = useSave({
    onSaved: setResult,
    onError: (reason) => {
      setResult(null);
      setError(reason);
    },
  });

  const send = () => {
    setError(null);
    return save(api.sendTestMessage);
  };

  return (
    <Section
      title={t('test.title', 'Test message')}
      description={t(
        'test.description',
        'Signs a sample UPDATE_ORGANIZATION message with the current token and posts it to this site’s webhook, as Stager would.'
      )}
    >
      <Box>
        <Button onClick={send} loading={sending} disabled={!settings.authToken.configured}>
          {t('test.send', 'Send a test message')}
        </Button>
      </Box>
      {error && (
        <Typography textColor="danger600" data-testid="test-message-error">
          {error}
        </Typography>
      )}
      {result && (
        <Flex direction="column" alignItems="stretch" gap={2} data-testid="test-message-result">
          <Typography>
            {t('test.answer', 'The webhook answered {status}', { status: result.status })}
          </Typography>
          <Box tag="pre" background="neutral100" padding={3} hasRadius>
            <Typography variant="pi" fontWeight="regular" tag="code">
              {JSON.stringify(result.body, null, 2)}
            </Typography>
          </Box>
          {result.message && (
            <Flex gap={2}>
              <Typography>
                {t('test.row', 'History row #{id}', { id: result.message.id })}
              </Typography>
              <StatusBadge status={result.message.status} />
              <Link tag={NavLink} to={`/plugins/${PLUGIN_ID}/messages/${result.message.id}`}>
                {t('test.open', 'Open in the sync history')}
              </Link>
            </Flex>
          )}
        </Flex>
      )}
    </Section>
  );
};
