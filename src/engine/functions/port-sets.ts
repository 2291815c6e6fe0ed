/**
 * The port sets of spec §2 (SSH, RDP, DB, ADMIN, ALL) and the test "does this allow-rule expose
 * that set?".
 *
 * Why one function for all three clouds: an AWS SG permission, a GCP `allowed[]` entry and an
 * Azure NSG rule all reduce to (protocol, list of port specs). Which rules apply, which source is
 * public and rule priority are decided elsewhere; this file only answers the port question, so the
 * S1–S4, S20, S31–S34 semantics live in one tested place.
 */

import { hasPorts, normalizeProtocol, type ProtocolInput } from './protocols';
import {
  formatPortRange,
  mergeRanges,
  parsePortSpecs,
  rangeIntersection,
  MAX_PORT,
  type PortRange,
  type PortSpec,
} from './port-ranges';

export type PortSetName = 'SSH' | 'RDP' | 'DB' | 'ADMIN' | 'ALL';

/** Sets defined by explicit members (ALL is defined by coverage instead). */
export type MemberPortSetName = Exclude<PortSetName, 'ALL'>;

/** One member of a port set: a protocol and an inclusive port range. */
export interface PortSetMember {
  readonly protocol: 'tcp' | 'udp';
  readonly from: number;
  readonly to: number;
}

export const PORT_SET_NAMES: readonly PortSetName[] = Object.freeze(['SSH', 'RDP', 'DB', 'ADMIN', 'ALL']);

function tcp(from: number, to: number = from): PortSetMember {
  return Object.freeze({ protocol: 'tcp', from, to });
}
function udp(from: number, to: number = from): PortSetMember {
  return Object.freeze({ protocol: 'udp', from, to });
}

/**
 * Members exactly as spec §2 lists them. RDP includes udp 3389 (RDP's UDP transport, S34);
 * memcached 11211 is tcp+udp (UDP amplification); ADMIN's udp list is TFTP, NetBIOS and SNMP.
 */
export const PORT_SETS: Readonly<Record<MemberPortSetName, readonly PortSetMember[]>> = Object.freeze({
  SSH: Object.freeze([tcp(22)]),
  RDP: Object.freeze([tcp(3389), udp(3389)]),
  DB: Object.freeze([
    tcp(1433, 1434),
    tcp(1521),
    tcp(2483, 2484),
    tcp(3306),
    tcp(5432),
    tcp(5601),
    tcp(6379),
    tcp(7000, 7001),
    tcp(7199),
    tcp(9042),
    tcp(9092),
    tcp(9160),
    tcp(9200),
    tcp(9300),
    tcp(27017, 27019),
    tcp(11211),
    udp(11211),
  ]),
  ADMIN: Object.freeze([
    tcp(20, 21),
    tcp(23),
    tcp(135),
    tcp(139),
    tcp(445),
    tcp(2375, 2376),
    tcp(5900),
    tcp(5985, 5986),
    tcp(10250),
    udp(69),
    udp(137, 138),
    udp(161),
  ]),
});

/** Run-time guard: CEL passes plain strings, so an unknown set name must not throw. */
export function isPortSetName(s: unknown): s is PortSetName {
  return typeof s === 'string' && (PORT_SET_NAMES as readonly string[]).includes(s);
}

/** ALL needs every port 1..65535 (spec: FromPort <= 1 and ToPort == 65535; port 0 is not used). */
const ALL_FROM = 1;

type Ports = ReadonlyArray<PortSpec | null | undefined> | null | undefined;

/** The ranges a (port-carrying) rule admits; no list / empty list = every port (S20). */
function admittedRanges(ports: Ports): PortRange[] {
  if (!Array.isArray(ports) || ports.length === 0) return [{ from: 0, to: MAX_PORT }];
  return parsePortSpecs(ports).ranges;
}

/** True when the admitted ranges together cover 1..65535 (one rule admitting every port). */
function coversAllPorts(ranges: ReadonlyArray<PortRange>): boolean {
  return mergeRanges(ranges).some((r) => r.from <= ALL_FROM && r.to >= MAX_PORT);
}

interface Match {
  protocol: string;
  range: PortRange;
}

/** Shared core of exposesPortSet/matchedPorts: the set members (or ALL ranges) this rule admits. */
function matches(protocol: ProtocolInput, ports: Ports, set: PortSetName): Match[] {
  if (!isPortSetName(set)) return [];
  const proto = normalizeProtocol(protocol);
  // S1/S4: portless protocols (icmp, gre, esp, ah, …) never expose ports, whatever `ports` says.
  if (!hasPorts(proto)) return [];

  if (set === 'ALL') {
    // S2: protocol "all" (-1 / all / *) admits every port of every protocol.
    if (proto === 'all') return [{ protocol: 'all', range: { from: 0, to: MAX_PORT } }];
    // Spec §2 names tcp or udp only; an sctp rule covering all ports is not ALL.
    if (proto !== 'tcp' && proto !== 'udp') return [];
    const ranges = admittedRanges(ports);
    if (!coversAllPorts(ranges)) return [];
    return mergeRanges(ranges)
      .filter((r) => r.from <= ALL_FROM && r.to >= MAX_PORT)
      .map((range) => ({ protocol: proto, range }));
  }

  const members = PORT_SETS[set];
  // S2: protocol "all" admits every member of the set, whatever the port fields say.
  if (proto === 'all') return members.map((m) => ({ protocol: m.protocol, range: { from: m.from, to: m.to } }));

  const ranges = admittedRanges(ports);
  const out: Match[] = [];
  for (const m of members) {
    if (m.protocol !== proto) continue;
    for (const r of ranges) {
      const hit = rangeIntersection(r, m);
      if (hit) out.push({ protocol: m.protocol, range: hit });
    }
  }
  return out;
}

/**
 * Does an allow-rule with this protocol and these port specs admit any port of the set?
 *
 * - `ports` null/undefined/[] = every port of the protocol (GCP `allowed[]` without `ports`, S20).
 * - Protocol "all" (`-1`, `all`, `*`, `any`) = every port of every protocol, whatever `ports` says
 *   (S2): true for every set.
 * - Portless protocols (icmp, icmpv6, gre, esp, ah, unknown) → false (S4).
 * - SSH/RDP/DB/ADMIN: true when any admitted range overlaps a member of the same protocol
 *   (S3: "20-25" and "0-1024" expose SSH, "1025-65535" does not; udp 22 is not SSH).
 * - ALL: protocol "all", or tcp/udp whose ranges cover 1..65535 ("0-65535", "1-65535", "*",
 *   no ports, or pieces of one rule that together cover it).
 * Unreadable port specs admit nothing (use `parsePortSpecs` to detect them for "unknown").
 */
export function exposesPortSet(protocol: ProtocolInput, ports: Ports, set: PortSetName): boolean {
  return matches(protocol, ports, set).length > 0;
}

/**
 * Human-readable evidence of what matched, e.g. "tcp/22", "tcp/3389, udp/3389", "tcp/1-65535",
 * "all/0-65535"; '' when `exposesPortSet` would be false. Partial overlaps show the shared part
 * ("20-25" against ADMIN → "tcp/20-21, tcp/23").
 */
export function matchedPorts(protocol: ProtocolInput, ports: Ports, set: PortSetName): string {
  const seen = new Set<string>();
  for (const m of matches(protocol, ports, set)) seen.add(`${m.protocol}/${formatPortRange(m.range)}`);
  return [...seen].join(', ');
}
