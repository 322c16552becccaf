import { BlockList, isIP } from 'node:net';

/**
 * Which network addresses an image may be fetched from. The feed is signed but its URLs point
 * anywhere: without this, a URL could make the site read its own admin, a metadata service or a
 * database on the private network.
 */

const NON_PUBLIC_IPV4: Array<[string, number]> = [
  ['0.0.0.0', 8], // "this" network
  ['10.0.0.0', 8], // private
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8], // loopback
  ['169.254.0.0', 16], // link-local (cloud metadata services live here)
  ['172.16.0.0', 12], // private
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.0.2.0', 24], // documentation
  ['192.168.0.0', 16], // private
  ['198.18.0.0', 15], // benchmarking
  ['198.51.100.0', 24], // documentation
  ['203.0.113.0', 24], // documentation
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, and the broadcast address
];

const NON_PUBLIC_IPV6: Array<[string, number]> = [
  ['::', 128], // unspecified
  ['::1', 128], // loopback
  ['fc00::', 7], // unique local
  ['fe80::', 10], // link-local
  ['fec0::', 10], // site-local (deprecated)
  ['ff00::', 8], // multicast
  ['2001:db8::', 32], // documentation
];

const blocked = new BlockList();
for (const [network, prefix] of NON_PUBLIC_IPV4) blocked.addSubnet(network, prefix, 'ipv4');
for (const [network, prefix] of NON_PUBLIC_IPV6) blocked.addSubnet(network, prefix, 'ipv6');

/** The eight 16-bit groups of an IPv6 address, a trailing dotted IPv4 part included. */
function ipv6Groups(address: string): number[] | null {
  let text = address.toLowerCase().replace(/^\[|\]$/g, '');
  const zone = text.indexOf('%');
  if (zone >= 0) text = text.slice(0, zone);
  const dotted = /(\d{1,3}(?:\.\d{1,3}){3})$/.exec(text);
  if (dotted) {
    const bytes = dotted[1].split('.').map(Number);
    if (bytes.some((byte) => byte > 255)) return null;
    text = `${text.slice(0, dotted.index)}${((bytes[0] << 8) | bytes[1]).toString(16)}:${((bytes[2] << 8) | bytes[3]).toString(16)}`;
  }
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const parse = (part: string) => (part === '' ? [] : part.split(':').map((g) => parseInt(g, 16)));
  const head = parse(halves[0]);
  const tail = halves.length === 2 ? parse(halves[1]) : [];
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return null;
  const groups = [...head, ...Array<number>(halves.length === 2 ? missing : 0).fill(0), ...tail];
  return groups.every((group) => Number.isInteger(group) && group >= 0 && group <= 0xffff)
    ? groups
    : null;
}

/**
 * The IPv4 address an IPv6 address carries: IPv4-mapped (`::ffff:a.b.c.d`), IPv4-compatible
 * (`::a.b.c.d`) and NAT64 (`64:ff9b::a.b.c.d`) addresses reach the IPv4 host they embed.
 */
export function embeddedIpv4(address: string): string | null {
  const groups = ipv6Groups(address);
  if (!groups) return null;
  const zeroes = (from: number, to: number) => groups.slice(from, to).every((g) => g === 0);
  const mapped = zeroes(0, 5) && groups[5] === 0xffff;
  const compatible = zeroes(0, 6) && (groups[6] !== 0 || groups[7] > 1);
  const nat64 = groups[0] === 0x64 && groups[1] === 0xff9b && zeroes(2, 6);
  if (!mapped && !compatible && !nat64) return null;
  return [groups[6] >> 8, groups[6] & 0xff, groups[7] >> 8, groups[7] & 0xff].join('.');
}

/** True for an address on the public internet; false for private, loopback, link-local and the like, and for anything that is not an IP address. */
export function isPublicAddress(address: string): boolean {
  const bare = address.replace(/^\[|\]$/g, '');
  const family = isIP(bare);
  if (family === 4) return !blocked.check(bare, 'ipv4');
  if (family !== 6) return false;
  const ipv4 = embeddedIpv4(bare);
  if (ipv4 !== null) return isIP(ipv4) === 4 && !blocked.check(ipv4, 'ipv4');
  return !blocked.check(bare.replace(/%.*$/, ''), 'ipv6');
}

/**
 * True when `host` may be fetched from under an allowlist: an entry names a host exactly, or
 * with a leading `*.` every host below a domain. An empty allowlist allows every host.
 */
export function isAllowedHost(host: string, allowedHosts: readonly string[]): boolean {
  if (allowedHosts.length === 0) return true;
  const name = host
    .toLowerCase()
    .replace(/^\[|\]$/g, '')
    .replace(/\.$/, '');
  return allowedHosts.some((entry) => {
    const allowed = entry.toLowerCase().replace(/\.$/, '');
    return allowed.startsWith('*.') ? name.endsWith(allowed.slice(1)) : name === allowed;
  });
}

/**
 * True when a URL's address literal may be connected to: a public one, any one with
 * `allowPrivateAddresses`, or one the allowlist names exactly (an image server on the site's own
 * network). Host names are checked by what they resolve to, with `isPublicAddress` alone.
 */
export function isReachableAddress(
  address: string,
  {
    allowPrivateAddresses,
    allowedHosts,
  }: { allowPrivateAddresses: boolean; allowedHosts: readonly string[] }
): boolean {
  if (allowPrivateAddresses || isPublicAddress(address)) return true;
  const bare = address.replace(/^\[|\]$/g, '');
  return isIP(bare) !== 0 && allowedHosts.includes(bare);
}
