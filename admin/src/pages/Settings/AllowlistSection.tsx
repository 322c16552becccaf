import * as React from 'react';
import { Button, Field, Flex, IconButton, TextInput, Typography } from '@strapi/design-system';
import { Plus, Trash } from '@strapi/icons';
import { useStagerApi, type SettingsView } from '../../api';
import { useT } from '../../useT';
import { Section, type SectionProps } from './Section';
import { useSave } from './useSave';

const CHECK_DELAY_MS = 250;

/** Asks the server to check entries as they are typed: one reason per bad entry, null for a good one. */
function useEntryErrors(entries: string[]): Array<string | null> {
  const api = useStagerApi();
  const [errors, setErrors] = React.useState<Array<string | null>>([]);
  // One check per change of the entries' text, not per new array holding the same entries.
  const key = JSON.stringify(entries.map((entry) => entry.trim()));
  React.useEffect(() => {
    const filled = JSON.parse(key) as string[];
    const timer = setTimeout(() => {
      api
        .checkAllowlist({ entries: filled })
        .then((checked) =>
          setErrors(checked.map((error, index) => (filled[index] === '' ? null : error)))
        )
        .catch(() => setErrors([]));
    }, CHECK_DELAY_MS);
    return () => clearTimeout(timer);
  }, [api, key]);
  return errors;
}

export const AllowlistSection = ({ settings, canUpdate, onSaved }: SectionProps) => {
  const t = useT();
  const api = useStagerApi();
  const { allowedIps } = settings;
  const editable = canUpdate && !allowedIps.readOnly;
  const [entries, setEntries] = React.useState<string[]>(allowedIps.entries);
  const { save, saving } = useSave({
    onSaved: (saved: SettingsView) => {
      onSaved(saved);
      setEntries(saved.allowedIps.entries);
    },
    successMessage: t('allowlist.saved', 'Allowlist saved'),
  });
  const errors = useEntryErrors(editable ? entries : []);
  const hasErrors = errors.some((error) => error !== null);

  const change = (index: number, value: string) =>
    setEntries(entries.map((entry, at) => (at === index ? value : entry)));

  const saveEntries = () =>
    save(() =>
      api.updateSettings({ allowedIps: entries.map((entry) => entry.trim()).filter(Boolean) })
    );

  return (
    <Section
      title={t('allowlist.title', 'IP allowlist')}
      description={t(
        'allowlist.description',
        'Addresses and CIDR ranges (IPv4 or IPv6) that may post to the webhook. An empty list means any address.'
      )}
    >
      {allowedIps.readOnly && (
        <Typography variant="pi" textColor="neutral600">
          {t(
            'allowlist.fromEnvironment',
            'Set by the environment variable STAGER_ALLOWED_IPS: change it there.'
          )}
        </Typography>
      )}
      {entries.length === 0 && (
        <Typography variant="omega" textColor="neutral800">
          {t('allowlist.empty', 'Any address may post.')}
        </Typography>
      )}
      {entries.map((entry, index) => (
        <Field.Root key={index} name={`allowedIps.${index}`} error={errors[index] ?? undefined}>
          <Field.Label>
            {t('allowlist.entry', 'Address or range {number}', { number: index + 1 })}
          </Field.Label>
          <Flex gap={2}>
            <TextInput
              value={entry}
              placeholder="203.0.113.0/24"
              disabled={!editable}
              onChange={(event: React.ChangeEvent<HTMLInputElement>) =>
                change(index, event.target.value)
              }
            />
            {editable && (
              <IconButton
                label={t('allowlist.remove', 'Remove')}
                variant="tertiary"
                onClick={() => setEntries(entries.filter((_, at) => at !== index))}
              >
                <Trash />
              </IconButton>
            )}
          </Flex>
          <Field.Error />
        </Field.Root>
      ))}
      <Typography variant="pi" textColor="neutral600">
        {settings.proxyTrusted
          ? t(
              'allowlist.proxyTrusted',
              'Strapi trusts your proxy (server.proxy): the client address is read from X-Forwarded-For.'
            )
          : t(
              'allowlist.proxyNote',
              'Behind a proxy or load balancer? Set server.proxy.koa to true in config/server so that the client address comes from X-Forwarded-For; until then it is ignored.'
            )}
      </Typography>
      {editable && (
        <Flex gap={2}>
          <Button
            variant="secondary"
            startIcon={<Plus />}
            onClick={() => setEntries([...entries, ''])}
          >
            {t('allowlist.add', 'Add an address')}
          </Button>
          <Button onClick={saveEntries} loading={saving} disabled={hasErrors}>
            {t('allowlist.save', 'Save allowlist')}
          </Button>
        </Flex>
      )}
    </Section>
  );
};
