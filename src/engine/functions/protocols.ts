/**
 * IP protocol names as the three clouds spell them, reduced to one canonical form.
 *
 * Why: AWS writes `IpProtocol` as a name or an IANA number ("6", "-1"), GCP as a lower-case name
 * or a number ("tcp", "all", "132"), Azure as a capitalised name ("Tcp", "*"). Rules must treat
 * all of these alike (spec S1, S2, S31), so everything is compared after this normalisation.
 * Pure: no DOM, no Node APIs (runs in the extension's service worker and in the CLI).
 */

/** Canonical names the rules care about; any other protocol is returned lower-cased as given. */
export type KnownProtocol = 'tcp' | 'udp' | 'sctp' | 'icmp' | 'icmpv6' | 'gre' | 'esp' | 'ah' | 'all';

/** What the clouds may hand us: a name, an IANA number, or a CEL integer (cel-js uses BigInt). */
export type ProtocolInput = string | number | bigint;

/** IANA protocol numbers that have a name we use (spec S1, S4). */
const BY_NUMBER: Readonly<Record<string, KnownProtocol>> = {
  '1': 'icmp',
  '6': 'tcp',
  '17': 'udp',
  '47': 'gre',
  '50': 'esp',
  '51': 'ah',
  '58': 'icmpv6',
  '132': 'sctp',
};

/**
 * Spellings that mean "every protocol": AWS `-1`, GCP `all`, Azure `*`, and `any` (Azure portal
 * wording). Spec S2: they admit every port whatever the port fields say.
 */
const ALL_ALIASES: ReadonlySet<string> = new Set(['-1', 'all', '*', 'any']);

/** Other names seen for ICMPv6 (IANA keyword `ipv6-icmp`, iptables-style `icmp6`). */
const NAME_ALIASES: Readonly<Record<string, KnownProtocol>> = {
  'ipv6-icmp': 'icmpv6',
  icmp6: 'icmpv6',
};

/**
 * Canonical lower-case protocol: 'tcp', 'udp', 'sctp', 'icmp', 'icmpv6', 'gre', 'esp', 'ah',
 * 'all', or, for anything else, the trimmed lower-cased input ("ipip", "89").
 * Never throws; a value of the wrong type at run time gives ''.
 */
export function normalizeProtocol(p: ProtocolInput): string {
  let s: string;
  if (typeof p === 'number') {
    if (!Number.isFinite(p)) return '';
    s = String(p);
  } else if (typeof p === 'bigint') {
    s = p.toString();
  } else if (typeof p === 'string') {
    s = p.trim().toLowerCase();
  } else {
    // Run-time guard: CEL or JSON may give null/undefined/objects despite the type.
    return '';
  }
  if (ALL_ALIASES.has(s)) return 'all';
  // Numeric strings ("6", "006") are IANA numbers; normalise leading zeros before the lookup.
  if (/^\d+$/.test(s)) {
    const n = String(Number.parseInt(s, 10));
    return BY_NUMBER[n] ?? n;
  }
  return NAME_ALIASES[s] ?? s;
}

/** Protocols whose rules carry ports; everything else (icmp, gre, esp, ah, …) is portless. */
const WITH_PORTS: ReadonlySet<string> = new Set(['tcp', 'udp', 'sctp', 'all']);

/**
 * True only for tcp, udp, sctp and "all" (spec S1). ICMP, ICMPv6, GRE, ESP, AH and unknown
 * protocols are portless, so they can never expose a port even when a cloud shows a port value
 * for them (Azure `*`, AWS ICMP type/code in FromPort/ToPort: spec S4).
 */
export function hasPorts(p: ProtocolInput): boolean {
  return WITH_PORTS.has(normalizeProtocol(p));
}
