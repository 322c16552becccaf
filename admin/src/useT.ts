import { useIntl } from 'react-intl';
import { PLUGIN_ID } from '../../shared/constants';

/** Translates `stager.<id>`; the default message is the English text of translations/en.json. */
export function useT() {
  const { formatMessage } = useIntl();
  return (id: string, defaultMessage: string, values?: Record<string, string | number>) =>
    formatMessage({ id: `${PLUGIN_ID}.${id}`, defaultMessage }, values);
}
