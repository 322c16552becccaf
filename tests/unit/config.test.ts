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
    const config = { ...defaults(), allowedIps: ['10.0.0.0/8', '127.1'], maxBodySize: -1, redis: { url: 'localhost:6379', prefix: 'x' } };
    expect(() => validateConfig(config)).toThrow(/option "allowedIps\.1": "127\.1" is not an IPv4 or IPv6 address/);
    expect(() => validateConfig(config)).toThrow(/option "maxBodySize"/);
    expect(() => validateConfig(config)).toThrow(/option "redis\.url": a redis:\/\/ or rediss:\/\/ URL/);
  });

  it('requires an end date for a previous token', () => {
    expect(() => validateConfig({ ...defaults(), authToken: 'new', previousAuthToken: 'old' })).toThrow(
      /option "previousAuthTokenExpiresAt": required when previousAuthToken is set/
    );
  });
});

describe('activeTokens', () => {
  const now = Date.parse('2026-11-27T12:00:00Z');

  it('is empty when no token is configured', () => {
    expect(activeTokens(defaults(), now)).toEqual([]);
  });

  it('keeps the previous token until its end date only', () => {
    const config = { ...defaults(), authToken: 'new', previousAuthToken: 'old', previousAuthTokenExpiresAt: '2026-11-28T12:00:00Z' };
    expect(activeTokens(config, now)).toEqual(['new', 'old']);
    expect(activeTokens(config, Date.parse('2026-11-28T12:00:01Z'))).toEqual(['new']);
  });
});
