import { z } from 'zod';
import { stagerId } from './entities';

/** DELETE_EVENTS: the events left the channel and leave the public API. */
export const deleteEventsSchema = z.looseObject({
  organizationId: stagerId,
  eventIds: z.array(z.unknown()),
});
