import type { z } from 'zod';
import type { ItemError } from './types';

/** One error per zod issue, with the issue's path appended to where the item sits in the message. */
export function itemErrorsFrom(basePath: string, error: z.ZodError): ItemError[] {
  return error.issues.map((issue) => ({
    path: [
      basePath,
      ...issue.path.map((key) => (typeof key === 'number' ? `[${key}]` : `.${String(key)}`)),
    ].join(''),
    reason: issue.message,
  }));
}
