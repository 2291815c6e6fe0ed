/**
 * GCP firewall evaluation for one VM (spec S18–S23): does this firewall rule let a port set in from
 * the whole internet, once the rules before it have had their say?
 *
 * - S18 a rule applies when it is INGRESS (absent ⇒ INGRESS), not disabled, and untargeted, or a
 *   `targetTags` entry is one of the VM's network tags, or a `targetServiceAccounts` entry is the
 *   VM's service account (effective-firewalls output has already matched the targets). The
 *   network match is the normaliser's job (rules of other networks never reach the snapshot).
 * - S19 a disabled rule does not count.
 * - S20 `allowed[]` without `ports` = every port of that protocol; `all` = every protocol.
 * - S21 public = a /0 in `sourceRanges` (even beside `sourceTags`); no source field at all =
 *   0.0.0.0/0; tags / service accounts alone are not public.
 * - S22 order: tier (hierarchical policies, then VPC rules, then network policies), then ascending
 *   `priority` (absent ⇒ 1000), and on a tie a deny comes first. An earlier applicable deny whose
 *   sources cover the same /0 removes the ports it denies; a `goto_next` policy rule decides
 *   nothing. What is left of the set's ports after that is admitted by this rule. No allow at all
 *   → the implied deny (nothing fails). A deny with `destinationRanges` is not taken to cover the
 *   VM (its address is not compared), so it never hides an open allow.
 *
 * ALL: the rule must admit every tcp or udp port (spec §2) and some of it must survive the denies
 * before it (deny 22 before allow-all still leaves "any port" open, as S17 says for NACLs).
 *
 * Pure; throws UnknownValue when the answer depends on something not seen (the VM's tags or
 * service account, when a rule targets them).
 */
import { UnknownValue } from '../unknown';
import { MAX_PORT, mergeRanges, parsePortSpecs, rangeIntersection, type PortRange } from './port-ranges';
import { PORT_SETS, isPortSetName, type PortSetName } from './port-sets';
import { hasPorts, normalizeProtocol } from './protocols';
import { isPublicSource } from './public-source';

export interface GcpPortRule {
  protocol: string;
  ports?: string[] | null;
}

export interface GcpFwRule {
  id?: string;
  policy?: string;
  tier?: number;
  direction?: string;
  priority?: number;
  disabled?: boolean;
  action?: string;
  allowed?: GcpPortRule[] | null;
  denied?: GcpPortRule[] | null;
  sourceRanges?: string[] | null;
  sourceTags?: string[] | null;
  sourceServiceAccounts?: string[] | null;
  destinationRanges?: string[] | null;
  targetTags?: string[] | null;
  targetServiceAccounts?: string[] | null;
  targetsMatched?: boolean;
}

export interface GcpFirewallData {
  rules: GcpFwRule[];
}

/** The VM as far as targets go; undefined = not seen. */
export interface GcpTarget {
  tags?: string[] | null;
  serviceAccounts?: Array<{ email: string }> | null;
}

type Family = 'v4' | 'v6';
interface Piece {
  protocol: string;
  range: PortRange;
}

const DEFAULT_PRIORITY = 1000;
/** VPC firewall rules' tier when the rule does not say (policy rules carry their own). */
const VPC_TIER = 1;

const nonEmpty = (l: readonly unknown[] | null | undefined): boolean => Array.isArray(l) && l.length > 0;

/** S18/S19: does the rule apply to this VM's inbound traffic? */
export function gcpRuleApplies(rule: GcpFwRule, target: GcpTarget): boolean {
  if (rule.disabled === true) return false;
  if ((rule.direction ?? 'INGRESS').toUpperCase() !== 'INGRESS') return false;
  if (rule.policy !== undefined && (rule.action ?? '').toLowerCase() === 'goto_next') return false;
  if (rule.targetsMatched) return true;
  const tags = rule.targetTags ?? [];
  const sas = rule.targetServiceAccounts ?? [];
  if (tags.length === 0 && sas.length === 0) return true;
  if (tags.length > 0) {
    if (!Array.isArray(target.tags) && target.tags !== null) throw new UnknownValue(`${rule.id ?? 'a rule'} targets network tags; the VM's tags were not seen`);
    if ((target.tags ?? []).some((t) => tags.includes(t))) return true;
  }
  if (sas.length > 0) {
    if (!Array.isArray(target.serviceAccounts) && target.serviceAccounts !== null) {
      throw new UnknownValue(`${rule.id ?? 'a rule'} targets service accounts; the VM's service account was not seen`);
    }
    const emails = (target.serviceAccounts ?? []).map((s) => s.email.toLowerCase());
    if (sas.some((s) => emails.includes(s.toLowerCase()))) return true;
  }
  return false;
}

function familyOf(cidr: string): Family {
  return cidr.includes(':') ? 'v6' : 'v4';
}

/** S21: the /0 families a rule's sources cover (no source field at all = 0.0.0.0/0). */
export function publicFamilies(rule: GcpFwRule): Set<Family> {
  const out = new Set<Family>();
  const ranges = rule.sourceRanges ?? [];
  if (!nonEmpty(ranges) && !nonEmpty(rule.sourceTags) && !nonEmpty(rule.sourceServiceAccounts)) {
    out.add('v4');
    return out;
  }
  for (const r of ranges) if (isPublicSource(r)) out.add(familyOf(r.trim()));
  return out;
}

function isDeny(rule: GcpFwRule): boolean {
  if (rule.policy !== undefined) return (rule.action ?? '').toLowerCase() === 'deny';
  return Array.isArray(rule.denied) && rule.denied.length > 0 && !nonEmpty(rule.allowed);
}

function isAllow(rule: GcpFwRule): boolean {
  if (rule.policy !== undefined) return (rule.action ?? '').toLowerCase() === 'allow';
  return nonEmpty(rule.allowed);
}

/** The port rules a rule lists (allowed or denied, whichever its action uses). */
function portRules(rule: GcpFwRule): GcpPortRule[] {
  if (rule.policy !== undefined) return [...(rule.allowed ?? []), ...(rule.denied ?? [])];
  return isAllow(rule) ? (rule.allowed ?? []) : (rule.denied ?? []);
}

const PROTOCOLS_WITH_PORTS = ['tcp', 'udp', 'sctp'];

/** (protocol, range) pieces a port rule admits/denies; 'all' expands to tcp, udp and sctp. */
function piecesOf(pr: GcpPortRule): Piece[] {
  const proto = normalizeProtocol(pr.protocol);
  if (!hasPorts(proto)) return [];
  const protos = proto === 'all' ? PROTOCOLS_WITH_PORTS : [proto];
  const ranges =
    proto === 'all' || !Array.isArray(pr.ports) || pr.ports.length === 0
      ? [{ from: 0, to: MAX_PORT }]
      : parsePortSpecs(pr.ports).ranges;
  return protos.flatMap((p) => ranges.map((range) => ({ protocol: p, range })));
}

/** The pieces of `admitted` that belong to the set (for ALL: everything, if it covers 1–65535). */
function setPieces(admitted: Piece[], set: PortSetName): Piece[] {
  if (set === 'ALL') {
    for (const proto of ['tcp', 'udp']) {
      const merged = mergeRanges(admitted.filter((p) => p.protocol === proto).map((p) => p.range));
      if (merged.some((r) => r.from <= 1 && r.to >= MAX_PORT)) return admitted;
    }
    return [];
  }
  const out: Piece[] = [];
  for (const m of PORT_SETS[set]) {
    for (const p of admitted) {
      if (p.protocol !== m.protocol) continue;
      const hit = rangeIntersection(p.range, m);
      if (hit) out.push({ protocol: p.protocol, range: hit });
    }
  }
  return out;
}

function subtract(pieces: Piece[], cut: Piece[]): Piece[] {
  let out = pieces;
  for (const c of cut) {
    const next: Piece[] = [];
    for (const p of out) {
      if (p.protocol !== c.protocol) {
        next.push(p);
        continue;
      }
      const r = p.range;
      if (c.range.to < r.from || c.range.from > r.to) {
        next.push(p);
        continue;
      }
      if (c.range.from > r.from) next.push({ protocol: p.protocol, range: { from: r.from, to: c.range.from - 1 } });
      if (c.range.to < r.to) next.push({ protocol: p.protocol, range: { from: c.range.to + 1, to: r.to } });
    }
    out = next;
  }
  return out;
}

const tierOf = (r: GcpFwRule) => r.tier ?? VPC_TIER;
const priorityOf = (r: GcpFwRule) => (typeof r.priority === 'number' ? r.priority : DEFAULT_PRIORITY);

/** Is `other` evaluated before `rule` (S22: tier, then priority, deny first on a tie)? */
function before(other: GcpFwRule, rule: GcpFwRule): boolean {
  if (tierOf(other) !== tierOf(rule)) return tierOf(other) < tierOf(rule);
  if (priorityOf(other) !== priorityOf(rule)) return priorityOf(other) < priorityOf(rule);
  return isDeny(other) && !isDeny(rule);
}

/**
 * The port pieces of `set` that `rule` admits from the internet to this VM after the denies that
 * come before it; [] when it admits none (not applicable, not an allow, no public source, or
 * overridden).
 */
export function gcpAdmittedPieces(rules: readonly GcpFwRule[], rule: GcpFwRule, target: GcpTarget, set: PortSetName): Piece[] {
  if (!isPortSetName(set)) throw new Error(`unknown port set "${String(set)}"`);
  if (!isAllow(rule) || !gcpRuleApplies(rule, target)) return [];
  const families = publicFamilies(rule);
  if (families.size === 0) return [];
  const wanted = setPieces(portRules(rule).flatMap(piecesOf), set);
  if (wanted.length === 0) return [];
  for (const fam of families) {
    let left = wanted;
    for (const other of rules) {
      if (other === rule || !isDeny(other) || !before(other, rule)) continue;
      if (!publicFamilies(other).has(fam)) continue;
      // A deny limited to some destinations may not cover this VM's address: it blocks nothing here.
      if (nonEmpty(other.destinationRanges)) continue;
      if (!gcpRuleApplies(other, target)) continue;
      left = subtract(left, portRules(other).flatMap(piecesOf));
      if (left.length === 0) break;
    }
    if (left.length > 0) return left;
  }
  return [];
}

/** CEL `gcpFirewallAdmits(firewall, rule, tags, serviceAccounts, set)`. */
export function gcpFirewallAdmits(
  firewall: GcpFirewallData,
  rule: GcpFwRule,
  tags: string[] | null | undefined,
  serviceAccounts: Array<{ email: string }> | null | undefined,
  set: string,
): boolean {
  if (!isPortSetName(set)) throw new Error(`unknown port set "${set}" (SSH, RDP, DB, ADMIN, ALL)`);
  return gcpAdmittedPieces(firewall?.rules ?? [], rule, { tags, serviceAccounts }, set).length > 0;
}
