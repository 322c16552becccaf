import { z } from 'zod';
import { organizationSchema } from './entities';

/** UPDATE_ORGANIZATION: create or update the organisation. */
export const updateOrganizationSchema = z.looseObject({
  organization: organizationSchema,
});
