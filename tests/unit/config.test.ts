import { defaultConfig, validateConfig } from '../../server/src/config';
import { activeTokens } from '../../server/src/ingest/settings';

const env = Object.assign((_key: string, fallback?: string) => fallback, {
  int: (_key: string, fallback?: number) => fallback,
  bool: (_key: string, fallback?: boolean) => fallback,
  array: (_key: string, fallback?: string[]) => fallback,
});
const defaults = () => defaultConfig({ env });

describe('plugin config', () => {
  it('accepts its defaults', () => {
    expect(() => validateConfig(defaults())).not.toThrow();
    expect(defaults().maxBodySize).toBe(50 * 1024 * 1024);
    expect(defaults().payloadRetentionDays).toBe(30);
  });

  it('names the option and the expected form of each invalid one', () => {
    const config = {
      ...defaults(),
      allowedIps: ['10.0.0.0/8', '127.1'],
      maxBodySize: -1,
      redis: { url: 'localhost:6379', prefix: 'x' },
    };
    expect(() => validateConfig(config)).toThrow(
      /option "allowedIps\.1" \(STAGER_ALLOWED_IPS\): "127\.1" is not an IPv4 or IPv6 address/
    );
    expect(() => validateConfig(config)).toThrow(
      /option "maxBodySize": expected a whole number of bytes, at least 1024; got -1/
    );
    expect(() => validateConfig(config)).toThrow(
      /option "redis\.url" \(REDIS_URL\): expected a redis:\/\/ or rediss:\/\/ URL$/m
    );
  });

  // One invalid value per option: every option's error names it and its expected form.
  const invalid: Array<[string, Record<string, unknown>, RegExp]> = [
    [
      'authToken',
      { authToken: 42 },
      /option "authToken" \(STAGER_AUTH_TOKEN\): expected a string \(the channel's authentication token\), or "" for none$/,
    ],
    [
      'previousAuthToken',
      { previousAuthToken: null },
      /option "previousAuthToken" \(STAGER_PREVIOUS_AUTH_TOKEN\): expected a string \(the token being replaced\), or "" for none$/,
    ],
    [
      'previousAuthTokenExpiresAt',
      { previousAuthTokenExpiresAt: 'tomorrow' },
      /option "previousAuthTokenExpiresAt" \(STAGER_PREVIOUS_AUTH_TOKEN_EXPIRES_AT\): expected an ISO 8601 time with an offset \(2026-12-31T23:59:59\+01:00\), or "" for none; got "tomorrow"/,
    ],
    [
      'allowedIps',
      { allowedIps: '10.0.0.1' },
      /option "allowedIps" \(STAGER_ALLOWED_IPS\): expected an array of IP addresses and CIDR ranges \(in the environment: comma-separated\); got "10\.0\.0\.1"/,
    ],
    [
      'maxBodySize',
      { maxBodySize: 1.5 },
      /option "maxBodySize": expected a whole number of bytes, at least 1024; got 1\.5/,
    ],
    [
      'bodyReadTimeoutMs',
      { bodyReadTimeoutMs: '30s' },
      /option "bodyReadTimeoutMs": expected a whole number of milliseconds, at least 100; got "30s"/,
    ],
    [
      'redis',
      { redis: 'redis://x' },
      /option "redis": expected an object \{ url, prefix \}; got "redis:\/\/x"/,
    ],
    [
      'redis.prefix',
      { redis: { url: 'redis://x', prefix: '' } },
      /option "redis\.prefix" \(STAGER_QUEUE_PREFIX\): expected a non-empty string; got ""/,
    ],
    [
      'worker',
      { worker: 'no' },
      /option "worker" \(STAGER_WORKER\): expected true or false; got "no"/,
    ],
    [
      'concurrency',
      { concurrency: 65 },
      /option "concurrency": expected a whole number from 1 to 64; got 65/,
    ],
    [
      'attempts',
      { attempts: 0 },
      /option "attempts": expected a whole number from 1 to 100; got 0/,
    ],
    [
      'backoffMs',
      { backoffMs: -5 },
      /option "backoffMs": expected a whole number of milliseconds, 0 or more; got -5/,
    ],
    [
      'payloadRetentionDays',
      { payloadRetentionDays: Number.NaN },
      /option "payloadRetentionDays": expected a whole number of days, 0 or more; got NaN/,
    ],
    [
      'sweepIntervalMs',
      { sweepIntervalMs: 50 },
      /option "sweepIntervalMs": expected a whole number of milliseconds, at least 100; got 50/,
    ],
    [
      'jobLockMs',
      { jobLockMs: 500 },
      /option "jobLockMs": expected a whole number of milliseconds, at least 1000; got 500/,
    ],
    [
      'metricsToken',
      { metricsToken: 'short secret' },
      /option "metricsToken" \(STAGER_METRICS_TOKEN\): expected at least 16 visible ASCII characters \(no spaces\), or "" to turn the metrics route off$/,
    ],
    [
      'fieldAuthority',
      { fieldAuthority: { event: { genre: 'sometimes' } } },
      /option "fieldAuthority\.event\.genre" \(STAGER_FIELD_AUTHORITY\): expected one of "stager", "once", "editor"; got "sometimes"/,
    ],
    [
      'newEvents',
      { newEvents: 'draft' },
      /option "newEvents" \(STAGER_NEW_EVENTS\): expected "publish" \(new events are public at once\) or "review"/,
    ],
    [
      'publicFields',
      { publicFields: { ticketType: { total: 'yes' } } },
      /option "publicFields\.ticketType\.total" \(STAGER_PUBLIC_FIELDS\): expected true \(public\) or false \(private\); got "yes"/,
    ],
    ...mediaCases(),
    ...calendarCases(),
    [
      'changeRecord.enabled',
      { changeRecord: { enabled: 'on' } },
      /option "changeRecord\.enabled" \(STAGER_CHANGE_RECORD_ENABLED\): expected true or false; got "on"/,
    ],
    [
      'changeRecord',
      { changeRecord: true },
      /option "changeRecord": expected an object \{ enabled \}; got true/,
    ],
    [
      'i18n.enabled',
      { i18n: { enabled: 'yes', sourceLocale: '', fieldAuthority: {} } },
      /option "i18n\.enabled" \(STAGER_I18N_ENABLED\): expected true or false; got "yes"/,
    ],
    [
      'i18n.sourceLocale',
      { i18n: { enabled: true, sourceLocale: 'Dutch please', fieldAuthority: {} } },
      /option "i18n\.sourceLocale" \(STAGER_I18N_SOURCE_LOCALE\): expected a locale code such as "nl", "en" or "fr-BE", or "" for the default locale; got "Dutch please"/,
    ],
    [
      'i18n.fieldAuthority',
      {
        i18n: {
          enabled: true,
          sourceLocale: '',
          fieldAuthority: { en: { event: { name: 'sometimes' } } },
        },
      },
      /option "i18n\.fieldAuthority\.en\.event\.name" \(STAGER_I18N_FIELD_AUTHORITY\): expected one of "stager", "once", "editor"; got "sometimes"/,
    ],
    [
      'i18n.fieldAuthority',
      {
        i18n: {
          enabled: true,
          sourceLocale: '',
          fieldAuthority: { en: { event: { start: 'editor' } } },
        },
      },
      /option "i18n\.fieldAuthority\.en\.event": unknown option "start"/,
    ],
  ];
  it.each(invalid)('explains an invalid %s', (_option, override, message) => {
    expect(() => validateConfig({ ...defaults(), ...override })).toThrow(message);
  });

  it('has a test above for every option', () => {
    const tested = new Set(invalid.map(([option]) => option.split('.')[0]));
    expect(Object.keys(defaults()).filter((option) => !tested.has(option))).toEqual([]);
  });

  it('takes a metrics token of 16 visible characters or more, or none', () => {
    expect(() =>
      validateConfig({ ...defaults(), metricsToken: 'a-metrics-token-0123456789' })
    ).not.toThrow();
    expect(() => validateConfig({ ...defaults(), metricsToken: '' })).not.toThrow();
    expect(() => validateConfig({ ...defaults(), metricsToken: 42 })).toThrow(
      /option "metricsToken" \(STAGER_METRICS_TOKEN\): expected a string/
    );
    expect(() => validateConfig({ ...defaults(), metricsToken: 'short secret' })).not.toThrow(
      /short secret/
    );
  });

  it('never repeats a token or a Redis URL in its errors', () => {
    const config = {
      ...defaults(),
      authToken: 123456789,
      redis: { url: 'http://:s3cret@redis.example', prefix: 'x' },
    };
    expect(() => validateConfig(config)).toThrow(/option "authToken"/);
    expect(() => validateConfig(config)).not.toThrow(/123456789|s3cret/);
  });

  it('refuses an unknown option, naming it', () => {
    expect(() => validateConfig({ ...defaults(), authtoken: 'typo' })).toThrow(
      /config: unknown option "authtoken"/
    );
    expect(() =>
      validateConfig({ ...defaults(), redis: { url: 'redis://x', prefix: 'p', db: 2 } })
    ).toThrow(/option "redis": unknown option "db"/);
  });

  it('requires an end date for a previous token', () => {
    expect(() =>
      validateConfig({ ...defaults(), authToken: 'new', previousAuthToken: 'old' })
    ).toThrow(
      /option "previousAuthTokenExpiresAt" \(STAGER_PREVIOUS_AUTH_TOKEN_EXPIRES_AT\): required when previousAuthToken is set/
    );
  });
});

describe('plugin config from the environment', () => {
  const envWith = (values: Record<string, string>) =>
    Object.assign((key: string, fallback?: string) => values[key] ?? fallback, {
      int: (_key: string, fallback?: number) => fallback,
      bool: (_key: string, fallback?: boolean) => fallback,
      array: (key: string, fallback?: string[]) =>
        values[key] === undefined ? fallback : values[key].split(',').map((entry) => entry.trim()),
    });

  it('reads STAGER_WORKER as true/false or 1/0', () => {
    expect(defaultConfig({ env: envWith({}) }).worker).toBe(true);
    expect(defaultConfig({ env: envWith({ STAGER_WORKER: 'false' }) }).worker).toBe(false);
    expect(defaultConfig({ env: envWith({ STAGER_WORKER: '0' }) }).worker).toBe(false);
    expect(defaultConfig({ env: envWith({ STAGER_WORKER: 'TRUE' }) }).worker).toBe(true);
  });

  it('reads the calendar’s time zone from STAGER_CALENDAR_TIME_ZONE, Europe/Amsterdam by default', () => {
    expect(defaultConfig({ env: envWith({}) }).calendar).toEqual({
      timeZone: 'Europe/Amsterdam',
      name: 'Events',
      refreshMinutes: 60,
      pastDays: 30,
      maxEvents: 5000,
    });
    const config = defaultConfig({ env: envWith({ STAGER_CALENDAR_TIME_ZONE: 'Europe/London' }) });
    expect(config.calendar.timeZone).toBe('Europe/London');
    expect(() => validateConfig(config)).not.toThrow();
  });

  it('stops on an STAGER_WORKER that is not a boolean instead of reading it as false', () => {
    expect(() => defaultConfig({ env: envWith({ STAGER_WORKER: 'yes' }) })).toThrow(
      'plugin stager: environment variable STAGER_WORKER: expected true or false; got "yes"'
    );
  });

  it('keeps the change record on unless STAGER_CHANGE_RECORD_ENABLED turns it off', () => {
    expect(defaultConfig({ env: envWith({}) }).changeRecord).toEqual({ enabled: true });
    expect(
      defaultConfig({ env: envWith({ STAGER_CHANGE_RECORD_ENABLED: 'false' }) }).changeRecord
    ).toEqual({ enabled: false });
  });

  it('names the environment variable of an invalid value that came from it', () => {
    const config = defaultConfig({
      env: envWith({ STAGER_ALLOWED_IPS: '203.0.113.7, 10.0.0.0/33', STAGER_QUEUE_PREFIX: '' }),
    });
    expect(() => validateConfig(config)).toThrow(
      /option "allowedIps\.1" \(STAGER_ALLOWED_IPS\): "10\.0\.0\.0\/33" has an invalid prefix length/
    );
  });
});

describe('activeTokens', () => {
  const now = Date.parse('2026-11-27T12:00:00Z');

  it('is empty when no token is configured', () => {
    expect(activeTokens(defaults(), now)).toEqual([]);
  });

  it('keeps the previous token until its end date only', () => {
    const config = {
      ...defaults(),
      authToken: 'new',
      previousAuthToken: 'old',
      previousAuthTokenExpiresAt: '2026-11-28T12:00:00Z',
    };
    expect(activeTokens(config, now)).toEqual(['new', 'old']);
    expect(activeTokens(config, Date.parse('2026-11-28T12:00:01Z'))).toEqual(['new']);
  });
});

/** One invalid value per calendar option, each given with the other calendar options at their defaults. */
function calendarCases(): Array<[string, Record<string, unknown>, RegExp]> {
  const calendar = (override: Record<string, unknown>) => ({
    calendar: { ...defaultConfig({ env }).calendar, ...override },
  });
  return [
    [
      'calendar.timeZone',
      calendar({ timeZone: 'Europe/Amsterdamm' }),
      /option "calendar\.timeZone" \(STAGER_CALENDAR_TIME_ZONE\): expected an IANA time zone name such as "Europe\/Amsterdam"; got "Europe\/Amsterdamm", which Node\.js does not know$/,
    ],
    [
      'calendar.name',
      calendar({ name: '  ' }),
      /option "calendar\.name": expected a non-empty string; got " {2}"/,
    ],
    [
      'calendar.refreshMinutes',
      calendar({ refreshMinutes: 1 }),
      /option "calendar\.refreshMinutes": expected a whole number of minutes from 5 to 10080 \(a week\); got 1/,
    ],
    [
      'calendar.pastDays',
      calendar({ pastDays: -1 }),
      /option "calendar\.pastDays": expected a whole number of days from 0 to 3650; got -1/,
    ],
    [
      'calendar.maxEvents',
      calendar({ maxEvents: 0 }),
      /option "calendar\.maxEvents": expected a whole number from 1 to 50000; got 0/,
    ],
    [
      'calendar',
      { calendar: { ...defaultConfig({ env }).calendar, timezone: 'UTC' } },
      /option "calendar": unknown option "timezone"/,
    ],
  ];
}

/** One invalid value per media option, each given with the other media options at their defaults. */
function mediaCases(): Array<[string, Record<string, unknown>, RegExp]> {
  const media = (override: Record<string, unknown>) => ({
    media: { ...defaultConfig({ env }).media, ...override },
  });
  return [
    [
      'media.enabled',
      media({ enabled: 'yes' }),
      /option "media\.enabled" \(STAGER_MEDIA_ENABLED\): expected true or false; got "yes"/,
    ],
    [
      'media.concurrency',
      media({ concurrency: 0 }),
      /option "media\.concurrency": expected a whole number from 1 to 32; got 0/,
    ],
    [
      'media.maxBytes',
      media({ maxBytes: 10 }),
      /option "media\.maxBytes": expected a whole number of bytes, at least 1024; got 10/,
    ],
    [
      'media.timeoutMs',
      media({ timeoutMs: '5s' }),
      /option "media\.timeoutMs": expected a whole number of milliseconds, at least 100; got "5s"/,
    ],
    [
      'media.maxRedirects',
      media({ maxRedirects: 11 }),
      /option "media\.maxRedirects": expected a whole number from 0 to 10; got 11/,
    ],
    [
      'media.allowPrivateAddresses',
      media({ allowPrivateAddresses: 1 }),
      /option "media\.allowPrivateAddresses" \(STAGER_MEDIA_ALLOW_PRIVATE_ADDRESSES\): expected true or false; got 1/,
    ],
    [
      'media.allowedHosts',
      media({ allowedHosts: ['cdn.example.org', 'http://x/'] }),
      /option "media\.allowedHosts\.1" \(STAGER_MEDIA_ALLOWED_HOSTS\): expected a host name \("cdn\.example\.org"\) or a wildcard below a domain \("\*\.example\.org"\); got "http:\/\/x\/"/,
    ],
    [
      'media.attempts',
      media({ attempts: 0 }),
      /option "media\.attempts": expected a whole number from 1 to 20; got 0/,
    ],
    [
      'media.backoffMs',
      media({ backoffMs: -1 }),
      /option "media\.backoffMs": expected a whole number of milliseconds, 0 or more; got -1/,
    ],
    [
      'media.orphanGracePeriodMs',
      media({ orphanGracePeriodMs: 1.5 }),
      /option "media\.orphanGracePeriodMs": expected a whole number of milliseconds, 0 or more; got 1\.5/,
    ],
    [
      'media (unknown option)',
      media({ enabeld: false }),
      /option "media": unknown option "enabeld"/,
    ],
  ];
}
