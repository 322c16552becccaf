import {
  compileAllowlist,
  normaliseAddress,
  parseAllowlistEntry,
} from '../../server/src/ingest/allowlist';

describe('parseAllowlistEntry', () => {
  it.each([
    '203.0.113.7',
    '203.0.113.0/24',
    '0.0.0.0/0',
    '2001:db8::1',
    '2001:db8::/32',
    '::/0',
    '::ffff:10.0.0.0/104',
  ])('accepts %s', (entry) => {
    expect(parseAllowlistEntry(entry).error).toBeUndefined();
  });

  it.each([
    '',
    'localhost',
    '127.1',
    '256.0.0.1',
    '10.0.0.0/33',
    '10.0.0.0/-1',
    '10.0.0.0/',
    '10.0.0.0/8/8',
    '2001:db8::/129',
    '10.0.0.0/ 8',
    '1.2.3.4.5',
  ])('refuses %p with a one-line reason naming the entry', (entry) => {
    const { error } = parseAllowlistEntry(entry);
    expect(error).toContain(`"${entry}"`);
    expect(error).not.toContain('\n');
  });
});

describe('compileAllowlist', () => {
  it('allows any address when the list is empty', () => {
    expect(compileAllowlist([]).allows('198.51.100.1')).toBe(true);
  });

  it('matches single IPv4 addresses and the edges of CIDR ranges', () => {
    const list = compileAllowlist(['203.0.113.7', '198.51.100.0/25']);
    expect(list.allows('203.0.113.7')).toBe(true);
    expect(list.allows('203.0.113.8')).toBe(false);
    expect(list.allows('198.51.100.0')).toBe(true);
    expect(list.allows('198.51.100.127')).toBe(true);
    expect(list.allows('198.51.100.128')).toBe(false);
    expect(list.allows('198.51.99.255')).toBe(false);
  });

  it('matches IPv6 addresses and ranges', () => {
    const list = compileAllowlist(['2001:db8:1::/48', '::1']);
    expect(list.allows('2001:db8:1:ffff::5')).toBe(true);
    expect(list.allows('2001:db8:2::5')).toBe(false);
    expect(list.allows('::1')).toBe(true);
  });

  it('treats IPv4-mapped IPv6 clients as the IPv4 address they are', () => {
    const list = compileAllowlist(['10.0.0.0/8']);
    expect(list.allows('::ffff:10.1.2.3')).toBe(true);
    expect(list.allows('::FFFF:11.1.2.3')).toBe(false);
  });

  it('accepts an IPv4-mapped range as its IPv4 range', () => {
    const list = compileAllowlist(['::ffff:192.0.2.0/120']);
    expect(list.allows('192.0.2.44')).toBe(true);
    expect(list.allows('::ffff:192.0.2.44')).toBe(true);
    expect(list.allows('192.0.3.44')).toBe(false);
  });

  it('refuses a missing or malformed client address', () => {
    const list = compileAllowlist(['0.0.0.0/0']);
    expect(list.allows(undefined)).toBe(false);
    expect(list.allows('not-an-address')).toBe(false);
  });

  it('normalises only IPv4-mapped addresses', () => {
    expect(normaliseAddress('::ffff:127.0.0.1')).toBe('127.0.0.1');
    expect(normaliseAddress('::1')).toBe('::1');
  });
});
