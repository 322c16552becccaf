import { z } from 'zod';
import { organizationSchema } from './entities';

/**
 * The message level of UPDATE_EVENTS. Events are validated one by one (see `eventSchema`), so that
 * one bad event fails alone.
 */
export const updateEventsSchema = z.looseObject({
  organization: organizationSchema,
  events: z.array(z.unknown()),
});

export type UpdateEventsContent = z.infer<typeof updateEventsSchema>;
