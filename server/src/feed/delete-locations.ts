import { z } from 'zod';
import { stagerId } from './entities';

/** DELETE_LOCATIONS: the locations leave the public API; events keep their link to them. */
export const deleteLocationsSchema = z.looseObject({
  organizationId: stagerId,
  locationIds: z.array(z.unknown()),
});
