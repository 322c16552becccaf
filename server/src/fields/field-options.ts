import { z } from 'zod';
import {
  AUTHORITY_FIELDS,
  FIELD_AUTHORITIES,
  NEW_EVENT_MODES,
  REQUIRED_FIELDS,
  SYNCED_TYPES,
  type FieldAuthorityMap,
} from '../../../shared/contracts/fields';
import { PER_LANGUAGE_FIELDS } from '../../../shared/contracts/translations';
import eventSchema from '../content-types/event/schema.json';
import locationSchema from '../content-types/location/schema.json';
import organizationSchema from '../content-types/organization/schema.json';
import { COMPONENTS } from '../components';

const AUTHORITY_FORM = `one of ${FIELD_AUTHORITIES.map((value) => `"${value}"`).join(', ')}`;

const authorityTable = (type: (typeof SYNCED_TYPES)[number]) =>
  z
    .strictObject(
      Object.fromEntries(
        AUTHORITY_FIELDS[type].map((field) => [
          field,
          z.enum(FIELD_AUTHORITIES, { error: AUTHORITY_FORM }).optional(),
        ])
      ),
      { error: `an object of ${type} fields and their authority` }
    )
    .superRefine((fields, ctx) => {
      for (const field of REQUIRED_FIELDS[type])
        if (fields[field] === 'editor')
          ctx.addIssue({
            code: 'custom',
            path: [field],
            message: `"editor" is not possible: a new ${type} needs its ${field} from Stager; use "once"`,
          });
    });

/** `fieldAuthority`: per synced type, the fields that do not simply follow Stager. */
export const fieldAuthoritySchema = z.strictObject(
  {
    event: authorityTable('event').optional(),
    location: authorityTable('location').optional(),
    organization: authorityTable('organization').optional(),
  },
  { error: 'an object { event, location, organization } of fields and their authority' }
) satisfies z.ZodType<FieldAuthorityMap>;

const LOCALE_CODE = /^[a-zA-Z]{2,3}([-_][a-zA-Z0-9]{2,8})*$/;

/** The words of a type whose authority a locale can set: its per-language mapped fields. */
const wordsAuthorityTable = (type: (typeof SYNCED_TYPES)[number]) => {
  const words = (PER_LANGUAGE_FIELDS[type] as readonly string[]).filter((field) =>
    (AUTHORITY_FIELDS[type] as readonly string[]).includes(field)
  );
  return z.strictObject(
    Object.fromEntries(
      words.map((field) => [field, z.enum(FIELD_AUTHORITIES, { error: AUTHORITY_FORM }).optional()])
    ),
    {
      error: `an object of ${type} fields kept per language (${words.join(', ')}) and their authority`,
    }
  );
};

/**
 * `i18n.fieldAuthority`: per locale other than the source, the words that do not start from
 * Stager's text and then belong to translators: "stager" keeps them Stager's, "editor" leaves them
 * empty for translators to write.
 */
export const localeFieldAuthoritySchema = z.record(
  z.string().regex(LOCALE_CODE, { error: 'a locale code such as "en" or "fr-BE"' }),
  z.strictObject(
    {
      event: wordsAuthorityTable('event').optional(),
      location: wordsAuthorityTable('location').optional(),
      organization: wordsAuthorityTable('organization').optional(),
    },
    { error: 'an object { event, location, organization } of words and their authority' }
  ),
  { error: 'an object of locale codes, each with { event, location, organization }' }
);

export const newEventsSchema = z.enum(NEW_EVENT_MODES, {
  error:
    '"publish" (new events are public at once) or "review" (hidden until an editor shows them)',
});

/** The models whose fields a site can make public or private, by the name `publicFields` uses. */
export const PUBLIC_FIELD_MODELS = {
  event: { uid: 'plugin::stager.event', attributes: eventSchema.attributes },
  location: { uid: 'plugin::stager.location', attributes: locationSchema.attributes },
  organization: { uid: 'plugin::stager.organization', attributes: organizationSchema.attributes },
  ticketType: { uid: 'stager.ticket-type', attributes: COMPONENTS['ticket-type'].attributes },
  image: { uid: 'stager.image', attributes: COMPONENTS.image.attributes },
  video: { uid: 'stager.video', attributes: COMPONENTS.video.attributes },
  programItem: { uid: 'stager.program-item', attributes: COMPONENTS['program-item'].attributes },
  eventGroup: { uid: 'stager.event-group', attributes: COMPONENTS['event-group'].attributes },
  space: { uid: 'stager.space', attributes: COMPONENTS.space.attributes },
} as const;

export type PublicFieldModel = keyof typeof PUBLIC_FIELD_MODELS;

/** `publicFields`: per model, fields to show (true) or keep out (false) of REST and GraphQL. */
export const publicFieldsSchema = z.strictObject(
  Object.fromEntries(
    Object.entries(PUBLIC_FIELD_MODELS).map(([model, { attributes }]) => [
      model,
      z
        .strictObject(
          Object.fromEntries(
            Object.keys(attributes).map((field) => [
              field,
              z.boolean({ error: 'true (public) or false (private)' }).optional(),
            ])
          ),
          { error: `an object of ${model} fields, each true (public) or false (private)` }
        )
        .optional(),
    ])
  ),
  { error: `an object of models (${Object.keys(PUBLIC_FIELD_MODELS).join(', ')})` }
) as z.ZodType<Partial<Record<PublicFieldModel, Record<string, boolean>>>>;
