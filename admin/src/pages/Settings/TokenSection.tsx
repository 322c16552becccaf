import * as React from 'react';
import { Button, DateTimePicker, Field, Flex, TextInput, Typography } from '@strapi/design-system';
import { useStagerApi, type SettingsView } from '../../api';
import { formatTime } from '../../components/format';
import { useT } from '../../useT';
import { Section, type SectionProps } from './Section';
import { useSave } from './useSave';

const DAY_MS = 24 * 60 * 60 * 1000;
const MASK = '••••••••••••••••';

/** A random token for first tests, made in the browser so that no API answer ever carries one. */
function mockToken(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return `stager-mock-${Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('')}`;
}

export const TokenSection = ({ settings, canUpdate, onSaved }: SectionProps) => {
  const t = useT();
  const api = useStagerApi();
  const [token, setToken] = React.useState('');
  const [previousValidUntil, setPreviousValidUntil] = React.useState<Date | undefined>(
    () => new Date(Date.now() + DAY_MS)
  );
  const [error, setError] = React.useState<string | null>(null);
  const { save, saving } = useSave({
    onSaved: (saved: SettingsView) => {
      onSaved(saved);
      setToken('');
    },
    successMessage: t('token.saved', 'Token saved'),
    onError: setError,
  });
  const { authToken, previousAuthToken } = settings;
  const editable = canUpdate && !authToken.readOnly;

  const saveToken = () => {
    setError(null);
    return save(() =>
      api.replaceToken({
        token,
        previousTokenValidUntil: previousValidUntil ? previousValidUntil.toISOString() : null,
      })
    );
  };

  return (
    <Section
      title={t('token.title', 'Authentication token')}
      description={t(
        'token.description',
        'Stager signs every message with the partner channel’s authentication token; the webhook refuses any other signature.'
      )}
    >
      <Field.Root
        name="currentToken"
        hint={
          authToken.source === 'config'
            ? t(
                'token.fromEnvironment',
                'Set by the environment variable STAGER_AUTH_TOKEN: change it there.'
              )
            : authToken.configured
              ? t('token.storedEncrypted', 'Stored encrypted; it is never shown again.')
              : t('token.none', 'No token is set: the webhook answers 503 until one is.')
        }
      >
        <Field.Label>{t('token.current', 'Current token')}</Field.Label>
        <TextInput
          value={authToken.configured ? MASK : ''}
          placeholder={t('token.notSet', 'Not set')}
          disabled
          aria-readonly
        />
        <Field.Hint />
      </Field.Root>
      {previousAuthToken.active && previousAuthToken.expiresAt && (
        <Typography variant="pi" textColor="neutral600">
          {t('token.previousActive', 'The previous token keeps working until {date}.', {
            date: formatTime(previousAuthToken.expiresAt),
          })}
        </Typography>
      )}
      {editable && (
        <Flex direction="column" alignItems="stretch" gap={4}>
          <Field.Root
            name="newToken"
            error={error ?? undefined}
            hint={t(
              'token.newHint',
              'Paste the token from Stager’s partner channel, or generate a mock token for first tests.'
            )}
          >
            <Field.Label>{t('token.new', 'New token')}</Field.Label>
            <TextInput
              value={token}
              onChange={(event: React.ChangeEvent<HTMLInputElement>) =>
                setToken(event.target.value)
              }
              autoComplete="off"
            />
            <Field.Error />
            <Field.Hint />
          </Field.Root>
          {authToken.configured && (
            <Field.Root
              name="previousTokenValidUntil"
              hint={t(
                'token.rotationHint',
                'During a rotation the token being replaced keeps working until then. Clear it to stop it at once.'
              )}
            >
              <Field.Label>{t('token.rotation', 'Current token keeps working until')}</Field.Label>
              <DateTimePicker
                value={previousValidUntil}
                onChange={(date: Date | undefined) => setPreviousValidUntil(date)}
                onClear={() => setPreviousValidUntil(undefined)}
              />
              <Field.Hint />
            </Field.Root>
          )}
          <Flex gap={2}>
            <Button variant="secondary" onClick={() => setToken(mockToken())}>
              {t('token.generate', 'Generate a mock token')}
            </Button>
            <Button onClick={saveToken} loading={saving} disabled={token === ''}>
              {authToken.configured
                ? t('token.replace', 'Replace token')
                : t('token.set', 'Set token')}
            </Button>
          </Flex>
        </Flex>
      )}
    </Section>
  );
};
