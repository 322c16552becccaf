import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { Context } from 'koa';
import { pluginConfig } from '../config';
import { isNotModified, validatorsOf, type Validators } from './conditional';
import { calendarFeed, lastModified } from './ical/calendar';
import { eventDocument, eventsDocument } from './json-ld';
import { timeOf, type PublishedEvent } from './published-event';
import { createEventReader, type EventQuery } from './reader';
import {
  localeOf,
  parseSelection,
  selectionFilters,
  SelectionError,
  type Selection,
} from './selection';

const DAY_MS = 24 * 60 * 60 * 1000;
/** Changes whenever what the feed is made of changes shape: old validators then stop matching. */
const FEED_FORMAT = 1;
const LISTING = { limit: 25, maxLimit: 100 };

const JSON_LD = 'application/ld+json; charset=utf-8';
const CALENDAR = 'text/calendar; charset=utf-8';

function parse(
  strapi: Core.Strapi,
  query: Record<string, unknown>,
  defaults: { from: Date; limit: number; maxLimit: number; limitAllowed: boolean }
): Selection {
  try {
    return parseSelection(query, { ...defaults, timeZone: pluginConfig(strapi).calendar.timeZone });
  } catch (error) {
    if (error instanceof SelectionError) throw new errors.ValidationError(error.message);
    throw error;
  }
}

/** Only `locale` applies to one event. */
function localeOnly(query: Record<string, unknown>): string | undefined {
  const { locale, ...rest } = query;
  const unknown = Object.keys(rest)[0];
  if (unknown)
    throw new errors.ValidationError(
      `unknown parameter ${JSON.stringify(unknown)}; expected locale`
    );
  try {
    return localeOf(locale);
  } catch (error) {
    if (error instanceof SelectionError) throw new errors.ValidationError(error.message);
    throw error;
  }
}

function refuseHiddenFilters(strapi: Core.Strapi, selection: Selection) {
  const reader = createEventReader(strapi);
  const asked: Array<[string, number]> = [
    ['location', selection.locationIds.length],
    ['organization', selection.organizationIds.length],
    ['genre', selection.genres.length],
  ];
  for (const [field, count] of asked)
    if (count && !reader.isPublic(field))
      throw new errors.ValidationError(`${field}: this site does not show that field`);
}

/** Site-relative Media Library URLs made absolute: on `server.url` when set, else the request's origin. */
function absoluteUrlFor(strapi: Core.Strapi, ctx: Context) {
  const configured = strapi.config.get('server.url', '') as string;
  const base = /^https?:\/\//.test(configured) ? configured.replace(/\/$/, '') : ctx.origin;
  return (url: string) =>
    /^[a-z][a-z0-9+.-]*:/i.test(url) ? url : `${base}${url.startsWith('/') ? '' : '/'}${url}`;
}

/**
 * Sets the validators and answers 304 when the request's match. `If-Modified-Since` is honoured
 * only where Last-Modified covers everything the answer is made of.
 */
function answerNotModified(
  ctx: Context,
  validators: Validators,
  honourIfModifiedSince: boolean
): boolean {
  ctx.set('ETag', validators.etag);
  ctx.set('Last-Modified', validators.lastModified.toUTCString());
  ctx.set('Cache-Control', 'no-cache');
  const notModified = isNotModified(
    {
      ifNoneMatch: ctx.get('If-None-Match'),
      ifModifiedSince: honourIfModifiedSince ? ctx.get('If-Modified-Since') : undefined,
    },
    validators
  );
  if (notModified) {
    ctx.status = 304;
    ctx.body = null;
  }
  return notModified;
}

/** GET …/structured-data: schema.org JSON-LD of one event, or of the upcoming events. */
export const structuredDataController = ({ strapi }: { strapi: Core.Strapi }) => {
  const reader = createEventReader(strapi);
  const options = (ctx: Context) => ({
    timeZone: pluginConfig(strapi).calendar.timeZone,
    absoluteUrl: absoluteUrlFor(strapi, ctx),
  });
  const send = (ctx: Context, document: object, changedAt: Date) => {
    const body = JSON.stringify(document);
    // The body's digest is the validator: a stored image or a changed location changes the body
    // without moving the event's last change, so If-Modified-Since is not enough here.
    if (answerNotModified(ctx, validatorsOf(body, changedAt), false)) return;
    ctx.type = JSON_LD;
    ctx.body = body;
  };

  return {
    async findOne(ctx: Context) {
      const locale = localeOnly(ctx.query);
      const [event] = await reader.findMany('structured-data', {
        filters: { documentId: { $eq: ctx.params.documentId } },
        locale,
        limit: 1,
      });
      if (!event) throw new errors.NotFoundError('Not Found');
      send(ctx, eventDocument(event, options(ctx)), lastModified(event));
    },

    async find(ctx: Context) {
      const selection = parse(strapi, ctx.query, {
        from: new Date(),
        limitAllowed: true,
        ...LISTING,
      });
      refuseHiddenFilters(strapi, selection);
      const events = await reader.findMany('structured-data', {
        filters: selectionFilters(selection),
        locale: selection.locale,
        limit: selection.limit,
      });
      const changedAt = new Date(
        Math.max(0, ...events.map((event) => lastModified(event).getTime()))
      );
      send(ctx, eventsDocument(events, options(ctx)), changedAt);
    },
  };
};

/** The version of each part a feed is made of, and the latest change among them. */
function versionsOf(events: PublishedEvent[]) {
  let latest = 0;
  const stamp = (value: string | Date | null | undefined) => {
    const time = timeOf(value)?.getTime() ?? null;
    if (time !== null && time > latest) latest = time;
    return time;
  };
  const versions = events.map((event) => [
    event.documentId,
    stamp(event.updatedAt),
    stamp(event.modifiedAt),
    stamp(event.location?.updatedAt),
    stamp(event.organization?.updatedAt),
  ]);
  return { versions, latest: new Date(latest) };
}

/** GET …/calendar.ics: an iCalendar feed, answered 304 from a cheap validator when unchanged. */
export const calendarController = ({ strapi }: { strapi: Core.Strapi }) => {
  const reader = createEventReader(strapi);

  async function serve(ctx: Context, query: EventQuery, name: string | null) {
    const options = pluginConfig(strapi).calendar;
    const found = await reader.versions(query);
    if (name === null && found.length === 0) throw new errors.NotFoundError('Not Found');
    const { versions, latest } = versionsOf(found);
    const validators = validatorsOf(
      [FEED_FORMAT, options, ctx.querystring, ctx.params.documentId ?? null, versions],
      latest
    );
    if (answerNotModified(ctx, validators, true)) return;
    const events = await reader.findMany('calendar', query);
    const calendarName = name ?? events[0]?.name ?? options.name;
    ctx.type = CALENDAR;
    ctx.set('Content-Disposition', `inline; filename="${name === null ? 'event' : 'events'}.ics"`);
    ctx.body = calendarFeed(events, { ...options, name: calendarName });
  }

  return {
    async feed(ctx: Context) {
      const { calendar } = pluginConfig(strapi);
      const from = new Date(Date.now() - calendar.pastDays * DAY_MS);
      const selection = parse(strapi, ctx.query, {
        from,
        limitAllowed: false,
        limit: calendar.maxEvents,
        maxLimit: calendar.maxEvents,
      });
      refuseHiddenFilters(strapi, selection);
      await serve(
        ctx,
        {
          filters: selectionFilters(selection),
          locale: selection.locale,
          limit: calendar.maxEvents,
        },
        calendar.name
      );
    },

    async eventFeed(ctx: Context) {
      const locale = localeOnly(ctx.query);
      await serve(
        ctx,
        { filters: { documentId: { $eq: ctx.params.documentId } }, locale, limit: 1 },
        null
      );
    },
  };
};
