import { z } from 'zod';

/** Stager ids are strings (numeric or UUID); a number sent by mistake is kept as its text. */
export const stagerId = z.union([z.string().min(1), z.number().transform(String)]);
/** ISO 8601 with an offset, as the contract writes times. */
const time = z.iso.datetime({ offset: true });
const cents = z.number().int();

export const imageSchema = z.looseObject({
  url: z.string().min(1),
  alt: z.string().nullish(),
  width: z.number().int().nullish(),
  height: z.number().int().nullish(),
});

export const organizationSchema = z.looseObject({
  id: stagerId,
  name: z.string().min(1),
  website: z.string().nullish(),
  email: z.string().nullish(),
  phone: z.string().nullish(),
  logo: imageSchema.nullish(),
});

export const locationSchema = z.looseObject({
  id: stagerId,
  name: z.string().min(1),
  street: z.string().nullish(),
  houseNumber: z.string().nullish(),
  zipcode: z.string().nullish(),
  city: z.string().nullish(),
  country: z.string().nullish(),
  latitude: z.number().nullish(),
  longitude: z.number().nullish(),
  website: z.string().nullish(),
  spaces: z.array(z.looseObject({ id: stagerId, name: z.string().nullish() })).nullish(),
});

export const ticketTypeSchema = z.looseObject({
  id: stagerId.nullish(),
  name: z.string().nullish(),
  price: cents.nullish(),
  webFee: cents.nullish(),
  currency: z.string().nullish(),
  saleStart: time.nullish(),
  onlineSaleEnd: time.nullish(),
  doorSaleEnd: time.nullish(),
  onlineSoldOut: z.boolean().nullish(),
  doorSoldOut: z.boolean().nullish(),
  total: z.number().int().nullish(),
  available: z.number().int().nullish(),
  reserved: z.number().int().nullish(),
  soldOutOverride: z.boolean().nullish(),
});

export const eventSchema = z.looseObject({
  id: stagerId,
  name: z.string().min(1),
  subtitle: z.string().nullish(),
  /** OPTION, TO_BE_CONFIRMED, CONFIRMED, TO_BE_CANCELLED, CANCELLED, or any newer value, kept as sent. */
  status: z.string().nullish(),
  start: time,
  end: time.nullish(),
  doorsOpen: time.nullish(),
  modifiedAt: time,
  location: locationSchema.nullish(),
  spaceIds: z.array(stagerId).nullish(),
  publicity: z
    .looseObject({
      text: z.string().nullish(),
      textHtml: z.string().nullish(),
      ticketShopUrl: z.string().nullish(),
      genre: z.string().nullish(),
      tags: z.array(z.string()).nullish(),
      language: z.string().nullish(),
      mainImage: imageSchema.nullish(),
      images: z.array(imageSchema).nullish(),
      videos: z
        .array(z.looseObject({ url: z.string().min(1), title: z.string().nullish() }))
        .nullish(),
    })
    .nullish(),
  programItems: z
    .array(
      z.looseObject({
        name: z.string().nullish(),
        start: time.nullish(),
        end: time.nullish(),
        description: z.string().nullish(),
      })
    )
    .nullish(),
  ticketTypes: z.array(ticketTypeSchema).nullish(),
  accountingId: z.string().nullish(),
  eventGroup: z.looseObject({ id: stagerId, name: z.string().nullish() }).nullish(),
  projectType: z.string().nullish(),
  memberLink: z.string().nullish(),
  expectedVisitors: z.number().int().nullish(),
});

export type FeedImage = z.infer<typeof imageSchema>;
export type FeedOrganization = z.infer<typeof organizationSchema>;
export type FeedLocation = z.infer<typeof locationSchema>;
export type FeedEvent = z.infer<typeof eventSchema>;
