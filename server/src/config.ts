import type { Core } from '@strapi/strapi';
import { z } from 'zod';
import { PLUGIN_ID, WEBHOOK_PATH } from '../../shared/constants';
import type { FieldAuthorityMap } from '../../shared/contracts/fields';
import {
  fieldAuthoritySchema,
  localeFieldAuthoritySchema,
  newEventsSchema,
  publicFieldsSchema,
} from './fields/field-options';
import { parseAllowlistEntry } from './ingest/allowlist';
import { isKnownTimeZone } from './publish/zoned-time';

const MEGABYTE = 1024 * 1024;
const DAY_MS = 24 * 60 * 60 * 1000;

/** An invalid option: one line per problem, naming the option, its environment variable and the expected form. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** A whole number within bounds; every failure reads as the one expected form. */
const wholeNumber = (form: string, min: number, max = Number.MAX_SAFE_INTEGER) =>
  z
    .number({ error: form })
    .int({ error: form })
    .min(min, { error: form })
    .max(max, { error: form });

const allowlistEntry = z
  .string({ error: 'an IP address or CIDR range as a string' })
  .superRefine((entry, ctx) => {
    const problem = parseAllowlistEntry(entry).error;
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

const ISO_TIME_OR_EMPTY =
  'an ISO 8601 time with an offset (2026-12-31T23:59:59+01:00), or "" for none';

const hostEntry = z
  .string({ error: 'an array of host names ("cdn.example.org", "*.example.org")' })
  .regex(/^(\*\.)?[a-z0-9]([a-z0-9.-]*[a-z0-9])?$/i, {
    error: 'a host name ("cdn.example.org") or a wildcard below a domain ("*.example.org")',
  });

/** Images into the Media Library: what is fetched, from where, and how files are kept. */
const mediaConfigSchema = z.strictObject(
  {
    enabled: z.boolean({ error: 'true or false' }),
    /** Images downloaded at once by each instance's image worker. */
    concurrency: wholeNumber('a whole number from 1 to 32', 1, 32),
    maxBytes: wholeNumber('a whole number of bytes, at least 1024', 1024),
    timeoutMs: wholeNumber('a whole number of milliseconds, at least 100', 100),
    maxRedirects: wholeNumber('a whole number from 0 to 10', 0, 10),
    allowPrivateAddresses: z.boolean({ error: 'true or false' }),
    allowedHosts: z.array(hostEntry, {
      error: 'an array of host names (in the environment: comma-separated)',
    }),
    attempts: wholeNumber('a whole number from 1 to 20', 1, 20),
    backoffMs: wholeNumber('a whole number of milliseconds, 0 or more', 0),
    /** How long a file the plugin stored stays after the last entry stopped using it. */
    orphanGracePeriodMs: wholeNumber('a whole number of milliseconds, 0 or more', 0),
  },
  { error: 'an object (see the media options in docs/configuration.md)' }
);

/** The iCalendar feeds and the times of the structured data. */
const calendarConfigSchema = z.strictObject(
  {
    /** The zone of the events' local times: their offsets in JSON-LD, TZID and VTIMEZONE in iCalendar. */
    timeZone: z
      .string({ error: 'an IANA time zone name such as "Europe/Amsterdam"' })
      .superRefine((zone, ctx) => {
        if (!isKnownTimeZone(zone))
          ctx.addIssue({
            code: 'custom',
            message: `expected an IANA time zone name such as "Europe/Amsterdam"; got ${JSON.stringify(zone)}, which Node.js does not know`,
          });
      }),
    /** The calendar's name as calendar apps show it. */
    name: z.string({ error: 'a non-empty string' }).trim().min(1, { error: 'a non-empty string' }),
    /** How often subscribers are asked to fetch the feed again. */
    refreshMinutes: wholeNumber('a whole number of minutes from 5 to 10080 (a week)', 5, 10_080),
    /** How long an event stays in the feed after it ended, unless a request asks for a range. */
    pastDays: wholeNumber('a whole number of days from 0 to 3650', 0, 3_650),
    /** The most events one feed holds; narrow a larger selection with the filters. */
    maxEvents: wholeNumber('a whole number from 1 to 50000', 1, 50_000),
  },
  { error: 'an object (see docs/structured-data-and-calendars.md)' }
);

export const configSchema = z
  .strictObject({
    /** The channel's authentication token; empty means "not configured" (the webhook answers 503). */
    authToken: z.string({
      error: 'a string (the channel\'s authentication token), or "" for none',
    }),
    /** The token being rotated out, accepted until `previousAuthTokenExpiresAt`. */
    previousAuthToken: z.string({ error: 'a string (the token being replaced), or "" for none' }),
    previousAuthTokenExpiresAt: z.union(
      [
        z.iso.datetime({ offset: true, error: ISO_TIME_OR_EMPTY }),
        z.literal('', { error: ISO_TIME_OR_EMPTY }),
      ],
      { error: ISO_TIME_OR_EMPTY }
    ),
    allowedIps: z.array(allowlistEntry, {
      error: 'an array of IP addresses and CIDR ranges (in the environment: comma-separated)',
    }),
    maxBodySize: wholeNumber('a whole number of bytes, at least 1024', 1024),
    /** Longest silence while a request body is being read before the request is dropped with 408. */
    bodyReadTimeoutMs: wholeNumber('a whole number of milliseconds, at least 100', 100),
    redis: z.strictObject(
      {
        url: z
          .string({ error: 'a redis:// or rediss:// URL' })
          .regex(/^rediss?:\/\//, { error: 'a redis:// or rediss:// URL' }),
        prefix: z.string({ error: 'a non-empty string' }).min(1, { error: 'a non-empty string' }),
      },
      { error: 'an object { url, prefix }' }
    ),
    worker: z.boolean({ error: 'true or false' }),
    concurrency: wholeNumber('a whole number from 1 to 64', 1, 64),
    attempts: wholeNumber('a whole number from 1 to 100', 1, 100),
    backoffMs: wholeNumber('a whole number of milliseconds, 0 or more', 0),
    payloadRetentionDays: wholeNumber('a whole number of days, 0 or more', 0),
    sweepIntervalMs: wholeNumber('a whole number of milliseconds, at least 100', 100),
    /** The bearer token of GET /api/stager/metrics; empty means the route answers 404. */
    metricsToken: z
      .string({
        error: 'a string (the bearer token Prometheus sends), or "" to turn the metrics route off',
      })
      .refine((token) => token === '' || /^[\x21-\x7e]{16,}$/.test(token), {
        error:
          'expected at least 16 visible ASCII characters (no spaces), or "" to turn the metrics route off',
      }),
    /** How long a worker's hold on a job lasts unrenewed: after a crash, its job is taken up again after this long. */
    jobLockMs: wholeNumber('a whole number of milliseconds, at least 1000', 1_000),
    /** Who writes each mapped field: Stager on every message (default), once at creation, or the editor. */
    fieldAuthority: fieldAuthoritySchema,
    /** Whether a new event is public at once or waits, hidden, for an editor. */
    newEvents: newEventsSchema,
    /** Fields shown in (true) or kept out of (false) REST and GraphQL, over the defaults. */
    publicFields: publicFieldsSchema,
    media: mediaConfigSchema,
    calendar: calendarConfigSchema,
    /** Whether each applied message records, per entry, the fields it changed (docs/change-record.md). */
    changeRecord: z.strictObject(
      { enabled: z.boolean({ error: 'true or false' }) },
      { error: 'an object { enabled }' }
    ),
    /** Events, locations and organisations in every locale of the site (docs/translators.md). */
    i18n: z.strictObject(
      {
        enabled: z.boolean({ error: 'true or false' }),
        /** The locale Stager's text is written in; "" for the site's default locale. */
        sourceLocale: z
          .string({ error: 'a locale code such as "nl" or "en", or "" for the default locale' })
          .regex(/^([a-zA-Z]{2,3}([-_][a-zA-Z0-9]{2,8})*)?$/, {
            error: 'a locale code such as "nl", "en" or "fr-BE", or "" for the default locale',
          }),
        /** Per other locale, words that stay Stager's ("stager") or start empty ("editor"). */
        fieldAuthority: localeFieldAuthoritySchema,
      },
      { error: 'an object { enabled, sourceLocale, fieldAuthority }' }
    ),
  })
  .refine((config) => config.previousAuthToken === '' || config.previousAuthTokenExpiresAt !== '', {
    path: ['previousAuthTokenExpiresAt'],
    message:
      'required when previousAuthToken is set: the ISO 8601 time until which the previous token is accepted',
  });

export type StagerConfig = z.infer<typeof configSchema>;

/** The plugin's config as Strapi holds it: defaults, the site's `config/plugins`, validated at start. */
export const pluginConfig = (strapi: Core.Strapi): StagerConfig =>
  strapi.config.get(`plugin::${PLUGIN_ID}`) as StagerConfig;

/** The webhook's path on this site, under its REST prefix (`/api` by default). */
export const webhookPath = (strapi: Core.Strapi): string =>
  `${strapi.config.get('api.rest.prefix', '/api') as string}${WEBHOOK_PATH}`;

/** The environment variable each option defaults from, named in its error. */
export const ENVIRONMENT_VARIABLES: Readonly<Record<string, string>> = {
  authToken: 'STAGER_AUTH_TOKEN',
  previousAuthToken: 'STAGER_PREVIOUS_AUTH_TOKEN',
  previousAuthTokenExpiresAt: 'STAGER_PREVIOUS_AUTH_TOKEN_EXPIRES_AT',
  allowedIps: 'STAGER_ALLOWED_IPS',
  'redis.url': 'REDIS_URL',
  'redis.prefix': 'STAGER_QUEUE_PREFIX',
  worker: 'STAGER_WORKER',
  metricsToken: 'STAGER_METRICS_TOKEN',
  fieldAuthority: 'STAGER_FIELD_AUTHORITY',
  newEvents: 'STAGER_NEW_EVENTS',
  publicFields: 'STAGER_PUBLIC_FIELDS',
  'media.enabled': 'STAGER_MEDIA_ENABLED',
  'media.allowPrivateAddresses': 'STAGER_MEDIA_ALLOW_PRIVATE_ADDRESSES',
  'media.allowedHosts': 'STAGER_MEDIA_ALLOWED_HOSTS',
  'calendar.timeZone': 'STAGER_CALENDAR_TIME_ZONE',
  'changeRecord.enabled': 'STAGER_CHANGE_RECORD_ENABLED',
  'i18n.enabled': 'STAGER_I18N_ENABLED',
  'i18n.sourceLocale': 'STAGER_I18N_SOURCE_LOCALE',
  'i18n.fieldAuthority': 'STAGER_I18N_FIELD_AUTHORITY',
};

/** Options whose values never appear in a message: tokens, and a Redis URL may hold a password. */
const SECRET_OPTIONS = new Set(['authToken', 'previousAuthToken', 'redis.url', 'metricsToken']);

type Env = {
  (key: string, fallback?: string): string | undefined;
  int(key: string, fallback?: number): number | undefined;
  bool(key: string, fallback?: boolean): boolean | undefined;
  array(key: string, fallback?: string[]): string[] | undefined;
};

/** Strapi's `env.bool` reads anything but "true" as false; a typo must not turn the worker off. */
function booleanFromEnv(env: Env, key: string, fallback: boolean): boolean {
  const raw = env(key)?.trim().toLowerCase();
  if (raw === undefined || raw === '') return fallback;
  if (raw === 'true' || raw === '1') return true;
  if (raw === 'false' || raw === '0') return false;
  throw new ConfigError(
    `plugin stager: environment variable ${key}: expected true or false; got "${env(key)}"`
  );
}

/** An option given in the environment as JSON, e.g. STAGER_FIELD_AUTHORITY='{"event":{"genre":"editor"}}'. */
function jsonFromEnv<T>(env: Env, key: string, fallback: T): T {
  const raw = env(key)?.trim();
  if (!raw) return fallback;
  try {
    return JSON.parse(raw) as T;
  } catch {
    throw new ConfigError(
      `plugin stager: environment variable ${key}: expected JSON, e.g. {"event":{"genre":"editor"}}; got ${describeValue(raw)}`
    );
  }
}

export const defaultConfig = ({ env }: { env: Env }): StagerConfig => ({
  authToken: env('STAGER_AUTH_TOKEN', '') ?? '',
  previousAuthToken: env('STAGER_PREVIOUS_AUTH_TOKEN', '') ?? '',
  previousAuthTokenExpiresAt: env('STAGER_PREVIOUS_AUTH_TOKEN_EXPIRES_AT', '') ?? '',
  allowedIps: env.array('STAGER_ALLOWED_IPS', []) ?? [],
  maxBodySize: 50 * MEGABYTE,
  bodyReadTimeoutMs: 30_000,
  redis: {
    url: env('REDIS_URL', 'redis://127.0.0.1:6379') ?? 'redis://127.0.0.1:6379',
    prefix: env('STAGER_QUEUE_PREFIX', 'stager') ?? 'stager',
  },
  worker: booleanFromEnv(env, 'STAGER_WORKER', true),
  concurrency: 8,
  attempts: 5,
  backoffMs: 2_000,
  payloadRetentionDays: 30,
  sweepIntervalMs: 5_000,
  jobLockMs: 60_000,
  metricsToken: env('STAGER_METRICS_TOKEN', '') ?? '',
  fieldAuthority: jsonFromEnv<FieldAuthorityMap>(env, 'STAGER_FIELD_AUTHORITY', {}),
  newEvents: (env('STAGER_NEW_EVENTS', 'publish') || 'publish') as StagerConfig['newEvents'],
  publicFields: jsonFromEnv(env, 'STAGER_PUBLIC_FIELDS', {}),
  media: {
    enabled: booleanFromEnv(env, 'STAGER_MEDIA_ENABLED', true),
    concurrency: 2,
    maxBytes: 20 * MEGABYTE,
    timeoutMs: 30_000,
    maxRedirects: 3,
    allowPrivateAddresses: booleanFromEnv(env, 'STAGER_MEDIA_ALLOW_PRIVATE_ADDRESSES', false),
    allowedHosts: env.array('STAGER_MEDIA_ALLOWED_HOSTS', []) ?? [],
    attempts: 5,
    backoffMs: 5_000,
    orphanGracePeriodMs: 7 * DAY_MS,
  },
  calendar: {
    timeZone: env('STAGER_CALENDAR_TIME_ZONE', 'Europe/Amsterdam') || 'Europe/Amsterdam',
    name: 'Events',
    refreshMinutes: 60,
    pastDays: 30,
    maxEvents: 5_000,
  },
  changeRecord: { enabled: booleanFromEnv(env, 'STAGER_CHANGE_RECORD_ENABLED', true) },
  i18n: {
    enabled: booleanFromEnv(env, 'STAGER_I18N_ENABLED', false),
    sourceLocale: env('STAGER_I18N_SOURCE_LOCALE', '')?.trim() ?? '',
    fieldAuthority: jsonFromEnv(env, 'STAGER_I18N_FIELD_AUTHORITY', {}),
  },
});

function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'string')
    return JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null)
    return String(value);
  return Array.isArray(value) ? 'an array' : `a ${typeof value}`;
}

function valueAt(config: unknown, path: PropertyKey[]): unknown {
  let value = config;
  for (const key of path)
    value =
      value !== null && typeof value === 'object'
        ? (value as Record<PropertyKey, unknown>)[key]
        : undefined;
  return value;
}

/** The environment variable of the option at `path`, or of the nearest option above it. */
function variableOf(path: PropertyKey[]): string | undefined {
  for (let length = path.length; length > 0; length--) {
    const variable = ENVIRONMENT_VARIABLES[path.slice(0, length).map(String).join('.')];
    if (variable) return variable;
  }
  return undefined;
}

function describeIssue(config: unknown, issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys') {
    const where = issue.path.length ? `option "${issue.path.join('.')}"` : 'config';
    return `plugin stager: ${where}: unknown option${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((key) => `"${key}"`).join(', ')} (see the options in docs/configuration.md)`;
  }
  const name = issue.path.join('.');
  const topLevel = issue.path.filter((key) => typeof key === 'string').join('.');
  const variableName = variableOf(issue.path);
  const variable = variableName ? ` (${variableName})` : '';
  // Messages of the allowlist entries and the refinement say what is wrong themselves.
  const isCustom = issue.code === 'custom';
  const got =
    isCustom || SECRET_OPTIONS.has(topLevel)
      ? ''
      : `; got ${describeValue(valueAt(config, issue.path))}`;
  return `plugin stager: option "${name}"${variable}: ${isCustom ? '' : 'expected '}${issue.message}${got}`;
}

/** Throws one line per invalid option, naming the option, its environment variable and the expected form. */
export function validateConfig(config: unknown): void {
  const result = configSchema.safeParse(config);
  if (result.success) return;
  throw new ConfigError(
    result.error.issues.map((issue) => describeIssue(config, issue)).join('\n')
  );
}
