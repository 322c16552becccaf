import { z } from 'zod';
import { organizationSchema } from './entities';

/** UPDATE_LOCATIONS: create or update each location. Locations are validated one by one. */
export const updateLocationsSchema = z.looseObject({
  organization: organizationSchema,
  locations: z.array(z.unknown()),
});
