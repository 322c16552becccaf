import { z } from 'zod';
import { organizationSchema } from './entities';

/** UPDATE_EVENTS: create or update each event, its embedded location and the organisation. Events are validated one by one. */
export const updateEventsSchema = z.looseObject({
  organization: organizationSchema,
  events: z.array(z.unknown()),
});
