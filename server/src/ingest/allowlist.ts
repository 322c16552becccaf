import { BlockList, isIP } from 'node:net';

type Family = 'ipv4' | 'ipv6';

interface ParsedEntry {
  address: string;
  prefix: number;
  family: Family;
}

const IPV4_MAPPED = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i;

/** `::ffff:10.0.0.1` is the IPv4 client 10.0.0.1 seen through a dual-stack socket. */
export function normaliseAddress(address: string): string {
  const mapped = IPV4_MAPPED.exec(address);
  return mapped ? mapped[1] : address;
}

/** Parses one allowlist entry: an IPv4 or IPv6 address, or a CIDR range of either. */
export function parseAllowlistEntry(entry: string): { value?: ParsedEntry; error?: string } {
  const [rawAddress, rawPrefix, ...rest] = entry.trim().split('/');
  if (rest.length > 0) return { error: `"${entry}" is not an address or a CIDR range` };

  let address = rawAddress;
  let family = isIP(address);
  if (family === 0) {
    return {
      error: `"${entry}" is not an IPv4 or IPv6 address (write e.g. 203.0.113.7, 2001:db8::1 or 203.0.113.0/24)`,
    };
  }
  const maxPrefix = family === 4 ? 32 : 128;
  let prefix = maxPrefix;
  if (rawPrefix !== undefined) {
    if (!/^\d{1,3}$/.test(rawPrefix) || Number(rawPrefix) > maxPrefix) {
      return {
        error: `"${entry}" has an invalid prefix length (0 to ${maxPrefix} for IPv${family})`,
      };
    }
    prefix = Number(rawPrefix);
  }

  const mapped = family === 6 ? IPV4_MAPPED.exec(address) : null;
  if (mapped && prefix >= 96) {
    address = mapped[1];
    prefix -= 96;
    family = 4;
  }
  return { value: { address, prefix, family: family === 4 ? 'ipv4' : 'ipv6' } };
}

export interface Allowlist {
  /** True when the list is empty (any address) or the address falls in one of its entries. */
  allows(address: string | undefined): boolean;
}

export class AllowlistEntryError extends Error {
  override name = 'AllowlistEntryError';
}

/** Builds a matcher from entries already validated by the config; invalid entries throw. */
export function compileAllowlist(entries: readonly string[]): Allowlist {
  if (entries.length === 0) return { allows: () => true };

  const list = new BlockList();
  for (const entry of entries) {
    const { value, error } = parseAllowlistEntry(entry);
    if (!value) throw new AllowlistEntryError(error);
    list.addSubnet(value.address, value.prefix, value.family);
  }
  return {
    allows(address) {
      if (!address) return false;
      const client = normaliseAddress(address);
      const family = isIP(client);
      if (family === 0) return false;
      return list.check(client, family === 4 ? 'ipv4' : 'ipv6');
    },
  };
}
