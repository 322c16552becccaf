import { z } from 'zod';
import { organizationSchema } from './entities';

/**
 * ORGANIZATION_SYNC: every upcoming event of the organisation on this channel. Upcoming events of
 * that organisation missing from the list leave the public API. Items are validated one by one.
 */
export const organizationSyncSchema = z.looseObject({
  organization: organizationSchema,
  locations: z.array(z.unknown()).default([]),
  events: z.array(z.unknown()),
});
