/**
 * "Is this source the whole Internet?" and "is this IP inside that prefix?".
 *
 * Why: spec §2 says only a /0 (in any IPv4 or IPv6 spelling) and Azure's `*`, `Any`, `Internet`
 * service tags are public; anything narrower — even a huge block or Google's IAP range — is not.
 * Comparing strings ("0.0.0.0/0") would miss `0::0/0` or `0:0:0:0:0:0:0:0/0`, so addresses are
 * parsed with ipaddr.js. Both functions never throw: garbage is simply "no".
 */

import ipaddr from 'ipaddr.js';

type Addr = ipaddr.IPv4 | ipaddr.IPv6;

/** Azure address-prefix keywords meaning "any address" (spec §2, S33), compared lower-cased. */
const AZURE_PUBLIC_TAGS: ReadonlySet<string> = new Set(['*', 'any', 'internet']);

/**
 * Parses "a.b.c.d/n" or an IPv6 "x::y/n". IPv4 must be four-part decimal: ipaddr.js would also
 * accept legacy forms like "10" or "0x0a.1", which no cloud writes and which would turn arbitrary
 * numbers into addresses. IPv6 zone ids ("%eth0") are rejected.
 */
function parseCidr(s: string): [Addr, number] | null {
  try {
    if (ipaddr.IPv4.isValidCIDRFourPartDecimal(s)) return ipaddr.IPv4.parseCIDR(s);
    if (!s.includes('%') && ipaddr.IPv6.isValidCIDR(s)) return ipaddr.IPv6.parseCIDR(s);
  } catch {
    // fall through
  }
  return null;
}

/** Parses a bare address with the same strictness as `parseCidr`. */
function parseAddress(s: string): Addr | null {
  try {
    if (ipaddr.IPv4.isValidFourPartDecimal(s)) return ipaddr.IPv4.parse(s);
    if (!s.includes('%') && ipaddr.IPv6.isValid(s)) return ipaddr.IPv6.parse(s);
  } catch {
    // fall through
  }
  return null;
}

/**
 * True for a /0 prefix in any IPv4 or IPv6 spelling (`0.0.0.0/0`, `::/0`, `0::0/0`,
 * `0:0:0:0:0:0:0:0/0`; the host bits of a /0 do not matter) and for Azure's `*`, `Any`,
 * `Internet` in any case. False for narrower prefixes (`0.0.0.0/1`, `35.235.240.0/20`), bare
 * addresses, SG ids, prefix lists (`pl-…`), other service tags (`VirtualNetwork`), GCP source
 * tags/service accounts, empty strings and garbage. Surrounding whitespace is ignored.
 */
export function isPublicSource(source: string): boolean {
  if (typeof source !== 'string') return false;
  const s = source.trim();
  if (s === '') return false;
  if (AZURE_PUBLIC_TAGS.has(s.toLowerCase())) return true;
  const cidr = parseCidr(s);
  return cidr !== null && cidr[1] === 0;
}

/**
 * True when `ip` lies inside `cidr`. IPv4 and IPv6 are separate spaces (an IPv4 address is not in
 * `::/0`), except that an IPv4-mapped IPv6 address (`::ffff:10.0.0.1`) is compared as IPv4.
 * A bare address as `cidr` means that single host (Azure destination prefixes may be bare IPs,
 * S37). False on garbage or a family mismatch; never throws.
 */
export function cidrContains(cidr: string, ip: string): boolean {
  if (typeof cidr !== 'string' || typeof ip !== 'string') return false;
  const c = cidr.trim();
  let net: [Addr, number] | null = parseCidr(c);
  if (!net) {
    const host = parseAddress(c);
    if (!host) return false;
    net = [host, host.kind() === 'ipv4' ? 32 : 128];
  }
  let addr = parseAddress(ip.trim());
  if (!addr) return false;
  if (addr.kind() === 'ipv6' && (addr as ipaddr.IPv6).isIPv4MappedAddress() && net[0].kind() === 'ipv4') {
    addr = (addr as ipaddr.IPv6).toIPv4Address();
  }
  if (addr.kind() !== net[0].kind()) return false;
  try {
    return addr.match(net);
  } catch {
    return false;
  }
}
