import * as React from 'react';
import { useNotification } from '@strapi/strapi/admin';
import { errorReason } from '../../api';

interface SaveOptions<Answer> {
  /** Called with the server's answer once the request succeeded. */
  onSaved: (answer: Answer) => void;
  /** Shown as a success notification after `onSaved`; none when left out. */
  successMessage?: string;
  /** Where the one-line reason of a failure goes; a danger notification when left out. */
  onError?: (reason: string) => void;
}

/** "Save, then notify", as every settings section does it: one request at a time, `saving` meanwhile. */
export function useSave<Answer>({ onSaved, successMessage, onError }: SaveOptions<Answer>) {
  const { toggleNotification } = useNotification();
  const [saving, setSaving] = React.useState(false);

  const save = async (request: () => Promise<Answer>): Promise<void> => {
    setSaving(true);
    try {
      onSaved(await request());
      if (successMessage) toggleNotification({ type: 'success', message: successMessage });
    } catch (failure) {
      const reason = errorReason(failure);
      if (onError) onError(reason);
      else toggleNotification({ type: 'danger', message: reason });
    } finally {
      setSaving(false);
    }
  };

  return { save, saving };
}
