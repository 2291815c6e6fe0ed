/**
 * Azure NSG evaluation (spec/rules.md §4 S31–S37): does an inbound NSG rule let traffic of a port
 * set in from the internet, through the NIC's whole NSG chain?
 *
 * The model, per NIC:
 * - Two layers: the subnet's NSG, then the NIC's NSG. Inbound traffic must pass both (S36). A layer
 *   whose NSG is known to be none (`null`) is no layer: it neither admits nor blocks on its own.
 *   A layer not seen (`undefined`) or an NSG known by id but not given (no `rules`) is unknown.
 * - Within an NSG: inbound rules (security + default rules) by ascending priority, the first rule
 *   that matches the traffic decides; no match = the built-in DenyAllInBound (S35).
 * - The traffic is a probe: "any internet host" → (protocol, port) → this NIC. A rule matches it
 *   when its protocol is that protocol or `*` (any case, S31), its destination port range(s) hold
 *   the port (singular and plural fields, `*` = all, S32), its source prefix(es) hold a public
 *   source (`*`, `Any`, `Internet`, /0, any case, S33; other service tags, narrower prefixes and
 *   ASGs do not), and its destination is `*`/`Any`/`VirtualNetwork`, a prefix holding a NIC IP or
 *   one of the NIC's ASGs (S37). Portless protocols (Icmp, Esp, Ah) never match a port (S34).
 * - Probes are one port per segment between the port-range boundaries of every rule involved, so
 *   the verdict is exact without walking all 65,536 ports.
 *
 * Verdict for one NSG rule (the finding's item), for one set:
 *   fail    it is the first match that admits some probe, and the other layer admits it too or is
 *           no layer;
 *   low     it admits only probes that the other layer's NSG blocks ("one layer left", S36);
 *   unknown the answer hangs on something not seen;
 *   pass    otherwise.
 * The ALL set (spec §2) counts only rules that admit every tcp or udp port themselves; a rule that
 * higher-priority denies shadow in part still counts, one they shadow wholly does not.
 *
 * A NIC with no NSG on itself nor on its subnet has a stand-in item (`noNsgForNic`, written by the
 * normaliser): Azure then admits inbound traffic to a Basic-SKU public IP and none to a Standard one
 * (S37), so the stand-in fails with a Basic IP, passes with Standard IPs or none, and is unknown when
 * an SKU was not seen.
 *
 * Pure: no DOM, no Node APIs.
 */
import { mergeRanges, parsePortSpec, type PortRange, MAX_PORT } from './port-ranges';
import { PORT_SETS, type PortSetName } from './port-sets';
import { normalizeProtocol } from './protocols';
import { cidrContains, isPublicSource } from './public-source';

/** The spec's port sets plus UDP (azure-nsg-udp-not-public: any udp port). */
export type NsgSetName = PortSetName | 'UDP';
export const NSG_SET_NAMES: readonly NsgSetName[] = ['SSH', 'RDP', 'DB', 'ADMIN', 'ALL', 'UDP'];

export type NsgVerdict = 'pass' | 'fail' | 'low' | 'unknown';

export interface NsgRuleLike {
  id?: string;
  ruleName?: string;
  nsgName?: string;
  priority?: number | bigint;
  direction?: string;
  access?: string;
  protocol?: string;
  sourceAddressPrefix?: string | null;
  sourceAddressPrefixes?: string[] | null;
  destinationAddressPrefix?: string | null;
  destinationAddressPrefixes?: string[] | null;
  destinationPortRange?: string | null;
  destinationPortRanges?: string[] | null;
  sourceApplicationSecurityGroups?: string[] | null;
  destinationApplicationSecurityGroups?: string[] | null;
  noNsgForNic?: string;
}

export interface NsgLike {
  id: string;
  name?: string;
  rules?: NsgRuleLike[];
}

export interface NicLike {
  id: string;
  privateIps?: string[];
  applicationSecurityGroups?: string[];
  nsgId?: string | null;
  subnet?: { nsgId?: string | null };
  publicIps?: Array<{ sku?: string }>;
}

export interface NsgRuleResult {
  verdict: NsgVerdict;
  /** Why, in a few words (unknown: what was not seen). */
  reason: string;
}

interface Probe {
  protocol: 'tcp' | 'udp';
  port: number;
}

type Tri = boolean | null; // null = not known

const lc = (s: unknown) => (typeof s === 'string' ? s.trim().toLowerCase() : '');
const num = (n: unknown) => (typeof n === 'bigint' ? Number(n) : typeof n === 'number' ? n : undefined);

function listOf(singular: unknown, plural: unknown): string[] {
  const out: string[] = [];
  if (Array.isArray(plural)) for (const p of plural) if (typeof p === 'string' && p.trim()) out.push(p);
  if (typeof singular === 'string' && singular.trim()) out.push(singular);
  return out;
}

/** Do the ranges hold every port 1-65535 (port 0 is not used)? */
function coversAllPorts(ranges: PortRange[]): boolean {
  return mergeRanges(ranges).some((r) => r.from <= 1 && r.to >= MAX_PORT);
}

function isInbound(r: NsgRuleLike): Tri {
  if (r.direction === undefined) return null;
  return lc(r.direction) === 'inbound';
}

/** Port ranges of a rule; null when a value cannot be read. */
const rangeCache = new WeakMap<object, PortRange[] | null>();
function portRanges(r: NsgRuleLike): PortRange[] | null {
  if (rangeCache.has(r)) return rangeCache.get(r)!;
  const out = readPortRanges(r);
  rangeCache.set(r, out);
  return out;
}

function readPortRanges(r: NsgRuleLike): PortRange[] | null {
  const specs = listOf(r.destinationPortRange, r.destinationPortRanges);
  if (specs.length === 0) return null;
  const out: PortRange[] = [];
  for (const s of specs) {
    const range = parsePortSpec(s);
    if (!range) return null;
    out.push(range);
  }
  return out;
}

function protocolMatches(r: NsgRuleLike, probe: Probe): Tri {
  if (r.protocol === undefined || r.protocol === null) return null;
  const p = normalizeProtocol(r.protocol);
  return p === 'all' || p === probe.protocol;
}

function portMatches(r: NsgRuleLike, probe: Probe): Tri {
  const ranges = portRanges(r);
  if (!ranges) return null;
  return ranges.some((x) => probe.port >= x.from && probe.port <= x.to);
}

/** Does the rule's source hold "any internet host"? Only a public source does (S33). */
function sourceMatches(r: NsgRuleLike): Tri {
  const prefixes = listOf(r.sourceAddressPrefix, r.sourceAddressPrefixes);
  const asgs = r.sourceApplicationSecurityGroups ?? [];
  if (prefixes.length === 0 && asgs.length === 0) return null;
  return prefixes.some((p) => isPublicSource(p));
}

const ANY_DESTINATION = new Set(['*', 'any', 'virtualnetwork']);

/** Is the NIC the rule's destination (S37)? */
function destinationMatches(r: NsgRuleLike, nic: NicLike): Tri {
  const prefixes = listOf(r.destinationAddressPrefix, r.destinationAddressPrefixes);
  const asgs = (r.destinationApplicationSecurityGroups ?? []).map(lc);
  if (prefixes.length === 0 && asgs.length === 0) return null;
  let unknown = false;
  for (const p of prefixes) {
    const s = lc(p);
    if (ANY_DESTINATION.has(s)) return true;
    if (/^[0-9a-f:.]+(\/\d+)?$/.test(s)) {
      if (!nic.privateIps) unknown = true;
      else if (nic.privateIps.some((ip) => cidrContains(p, ip))) return true;
    }
    // Other service tags (Internet, AzureLoadBalancer, Storage, …) never name the VM.
  }
  if (asgs.length) {
    if (!nic.applicationSecurityGroups) unknown = true;
    else if (nic.applicationSecurityGroups.some((a) => asgs.includes(lc(a)))) return true;
  }
  return unknown ? null : false;
}

/** All of a, b, … true → true; any false → false; else null. */
function and(...xs: Tri[]): Tri {
  if (xs.some((x) => x === false)) return false;
  return xs.every((x) => x === true) ? true : null;
}

function ruleMatches(r: NsgRuleLike, probe: Probe, nic: NicLike): Tri {
  return and(isInbound(r), protocolMatches(r, probe), portMatches(r, probe), sourceMatches(r), destinationMatches(r, nic));
}

type Decision = { access: 'allow' | 'deny'; rule: NsgRuleLike | null } | null; // null = not known

const sortedCache = new WeakMap<object, NsgRuleLike[]>();
function sortedRules(nsg: NsgLike): NsgRuleLike[] {
  const rules = nsg.rules ?? [];
  let s = sortedCache.get(rules);
  if (!s) {
    s = [...rules].sort((a, b) => (num(a.priority) ?? Infinity) - (num(b.priority) ?? Infinity));
    sortedCache.set(rules, s);
  }
  return s;
}

/** The first matching inbound rule of one NSG for a probe (S35). */
function firstMatch(nsg: NsgLike, probe: Probe, nic: NicLike): Decision {
  for (const r of sortedRules(nsg)) {
    const m = ruleMatches(r, probe, nic);
    if (m === false) continue;
    // A rule that may match, or one whose place in the order is not known, decides nothing for sure.
    if (m === null || num(r.priority) === undefined) return null;
    const access = lc(r.access);
    if (access !== 'allow' && access !== 'deny') return null;
    return { access, rule: r };
  }
  return { access: 'deny', rule: null }; // the built-in DenyAllInBound (65500)
}

type Layer = { kind: 'none' } | { kind: 'unknown'; why: string } | { kind: 'nsg'; nsg: NsgLike };

function layerOf(nsgId: string | null | undefined, nsgs: readonly NsgLike[], what: string): Layer {
  if (nsgId === null) return { kind: 'none' };
  if (nsgId === undefined) return { kind: 'unknown', why: `the ${what}'s NSG was not seen` };
  const nsg = nsgs.find((g) => lc(g.id) === lc(nsgId));
  if (!nsg || !Array.isArray(nsg.rules)) return { kind: 'unknown', why: `NSG ${nsgId} (${what}) was not given` };
  return { kind: 'nsg', nsg };
}

function layersOf(nic: NicLike, nsgs: readonly NsgLike[]): { subnet: Layer; nic: Layer } {
  return {
    subnet: nic.subnet ? layerOf(nic.subnet.nsgId, nsgs, 'subnet') : { kind: 'unknown', why: "the NIC's subnet was not seen" },
    nic: layerOf(nic.nsgId, nsgs, 'NIC'),
  };
}

/** Members of a set as (protocol, range) pairs. */
function setMembers(set: NsgSetName): Array<{ protocol: 'tcp' | 'udp'; from: number; to: number }> {
  if (set === 'UDP') return [{ protocol: 'udp', from: 0, to: MAX_PORT }];
  if (set === 'ALL') return [{ protocol: 'tcp', from: 0, to: MAX_PORT }, { protocol: 'udp', from: 0, to: MAX_PORT }];
  return PORT_SETS[set].map((m) => ({ protocol: m.protocol, from: m.from, to: m.to }));
}

/** One probe port per segment between the boundaries of every rule's port ranges. */
function probesFor(set: NsgSetName, rules: readonly NsgRuleLike[]): Probe[] {
  const cuts = new Set<number>();
  for (const r of rules) for (const x of portRanges(r) ?? []) {
    cuts.add(x.from);
    cuts.add(x.to + 1);
  }
  const sortedCuts = [...cuts].sort((a, b) => a - b);
  const out: Probe[] = [];
  for (const m of setMembers(set)) {
    out.push({ protocol: m.protocol, port: m.from });
    for (const c of sortedCuts) if (c > m.from && c <= m.to) out.push({ protocol: m.protocol, port: c });
  }
  return out;
}

function isNsgSet(s: string): s is NsgSetName {
  return (NSG_SET_NAMES as readonly string[]).includes(s);
}

/** The verdict for the stand-in item of a NIC without any NSG (S37). */
function noNsgVerdict(nic: NicLike | undefined): NsgRuleResult {
  if (!nic) return { verdict: 'unknown', reason: 'the NIC was not seen' };
  if (nic.nsgId !== null || !nic.subnet || nic.subnet.nsgId !== null) {
    return { verdict: 'unknown', reason: 'the NIC or its subnet may have an NSG' };
  }
  if (!nic.publicIps) return { verdict: 'unknown', reason: "the NIC's public IPs were not seen" };
  if (nic.publicIps.some((p) => lc(p.sku) === 'basic')) {
    return { verdict: 'fail', reason: 'no NSG on the NIC or its subnet, and a Basic-SKU public IP admits all inbound traffic' };
  }
  if (nic.publicIps.some((p) => p.sku === undefined)) return { verdict: 'unknown', reason: 'no NSG, and a public IP SKU was not seen' };
  return { verdict: 'pass', reason: 'no NSG, but no Basic-SKU public IP (Standard public IPs are closed by default)' };
}

/**
 * The verdict for one NSG rule (or a no-NSG stand-in) of the VM, for one set, through the NSG
 * chain of every NIC it applies to.
 */
export function nsgRuleVerdict(
  nics: readonly NicLike[],
  nsgs: readonly NsgLike[],
  item: NsgRuleLike,
  set: string,
): NsgRuleResult {
  // The check and the severity condition ask the same question of the same snapshot objects.
  if (typeof nsgs !== 'object' || nsgs === null || typeof item !== 'object' || item === null) return computeVerdict(nics, nsgs, item, set);
  let byItem = verdictCache.get(nsgs);
  if (!byItem) verdictCache.set(nsgs, (byItem = new WeakMap()));
  let bySet = byItem.get(item);
  if (!bySet) byItem.set(item, (bySet = new Map()));
  const hit = bySet.get(set);
  if (hit && hit.nics === nics) return hit.result;
  const result = computeVerdict(nics, nsgs, item, set);
  bySet.set(set, { nics, result });
  return result;
}

const verdictCache = new WeakMap<object, WeakMap<object, Map<string, { nics: readonly NicLike[]; result: NsgRuleResult }>>>();

function computeVerdict(nics: readonly NicLike[], nsgs: readonly NsgLike[], item: NsgRuleLike, set: string): NsgRuleResult {
  if (!isNsgSet(set)) throw new Error(`unknown port set "${set}" (${NSG_SET_NAMES.join(', ')})`);
  if (item.noNsgForNic) return noNsgVerdict(nics.find((n) => lc(n.id) === lc(item.noNsgForNic)));

  // Quick exits that need no chain: not an inbound allow from a public source.
  if (isInbound(item) === false || lc(item.access) === 'deny' || sourceMatches(item) === false) {
    return { verdict: 'pass', reason: 'not an inbound allow from a public source' };
  }
  // ALL (spec §2): the rule itself admits every tcp or udp port (port `*`, 0-65535 or 1-65535).
  // An Azure rule always names its ports: protocol `*` with port 80 is port 80 over any protocol.
  if (set === 'ALL' && item.protocol !== undefined && item.protocol !== null) {
    const ranges = portRanges(item);
    const proto = normalizeProtocol(item.protocol);
    if (ranges !== null && (!['tcp', 'udp', 'all'].includes(proto) || !coversAllPorts(ranges))) {
      return { verdict: 'pass', reason: 'does not admit every port' };
    }
  }

  const owner = nsgs.find((g) => Array.isArray(g.rules) && g.rules.includes(item as never)) ??
    nsgs.find((g) => Array.isArray(g.rules) && g.rules.some((r) => r.id !== undefined && lc(r.id) === lc(item.id)));
  if (!owner) return { verdict: 'unknown', reason: 'the rule belongs to no NSG given' };

  let fail = false;
  let low = false;
  let unknown: string | undefined;
  for (const nic of nics) {
    const layers = layersOf(nic, nsgs);
    const ownIsSubnet = layers.subnet.kind === 'nsg' && lc(layers.subnet.nsg.id) === lc(owner.id);
    const ownIsNic = layers.nic.kind === 'nsg' && lc(layers.nic.nsg.id) === lc(owner.id);
    for (const [own, other] of [
      [ownIsSubnet, layers.nic],
      [ownIsNic, layers.subnet],
    ] as const) {
      if (!own) continue;
      // Per NIC and layer: how many probes this rule decides that the other layer admits / blocks.
      let both = 0;
      let blocked = 0;
      let open: string | undefined;
      for (const d of decisionsFor(nic, owner, other, set as NsgSetName, nsgs)) {
        if (d.mine === null) {
          open ??= `which rule of ${owner.name ?? owner.id} decides ${d.probe.protocol}/${d.probe.port} is not known`;
          continue;
        }
        if (d.mine.rule !== item || d.mine.access !== 'allow') continue;
        if (other.kind === 'none') both++;
        else if (other.kind === 'unknown') open ??= other.why;
        else if (d.theirs === null) open ??= `which rule of ${other.nsg.name ?? other.nsg.id} decides ${d.probe.protocol}/${d.probe.port} is not known`;
        else if (d.theirs?.access === 'allow') both++;
        else blocked++;
      }
      // ALL is about every port: when the other layer blocks some of them, one layer is left (S36).
      if (set === 'ALL' && blocked > 0) low = true;
      else if (both > 0) {
        if (set === 'ALL' && open) unknown ??= open;
        else fail = true;
      } else if (open) unknown ??= open;
      else if (blocked > 0) low = true;
    }
  }
  if (fail) return { verdict: 'fail', reason: 'admits the traffic through every NSG layer' };
  if (unknown) return { verdict: 'unknown', reason: unknown };
  if (low) return { verdict: 'low', reason: 'admits the traffic, but the other NSG layer blocks it (one layer left)' };
  return { verdict: 'pass', reason: 'never the rule that admits the traffic' };
}

interface ProbeDecision {
  probe: Probe;
  mine: Decision;
  /** The other layer's decision; undefined when there is no other NSG to ask. */
  theirs: Decision | undefined;
}

/** Every probe's decision in both layers, computed once per NIC, layer pair and set (all the
 *  items of one NSG ask the same questions). */
const decisionCache = new WeakMap<object, Map<string, ProbeDecision[]>>();
function decisionsFor(nic: NicLike, owner: NsgLike, other: Layer, set: NsgSetName, nsgs: readonly NsgLike[]): ProbeDecision[] {
  let byKey = decisionCache.get(nsgs);
  if (!byKey) decisionCache.set(nsgs, (byKey = new Map()));
  const key = `${lc(nic.id)}\u0000${lc(owner.id)}\u0000${set}`;
  const hit = byKey.get(key);
  if (hit) return hit;
  const involved = [...(owner.rules ?? []), ...(other.kind === 'nsg' ? other.nsg.rules ?? [] : [])];
  const out = probesFor(set, involved).map((probe) => {
    const mine = firstMatch(owner, probe, nic);
    const theirs = other.kind === 'nsg' && mine?.access === 'allow' ? firstMatch(other.nsg, probe, nic) : undefined;
    return { probe, mine, theirs };
  });
  byKey.set(key, out);
  return out;
}

/** True when every NIC's subnet and NIC layer is known (none, or an NSG given with its rules). */
export function nsgChainKnown(nics: readonly NicLike[], nsgs: readonly NsgLike[]): boolean {
  return nics.every((nic) => {
    const l = layersOf(nic, nsgs);
    return l.subnet.kind !== 'unknown' && l.nic.kind !== 'unknown';
  });
}

/** Every item's verdict for a set (tests, and a summary for the UI). */
export function nsgExposures(
  nics: readonly NicLike[],
  nsgs: readonly NsgLike[],
  set: string,
): Array<{ id: string | undefined; nsgName?: string; ruleName?: string } & NsgRuleResult> {
  return nsgs.flatMap((g) =>
    (g.rules ?? []).map((r) => ({ id: r.id, nsgName: r.nsgName ?? g.name, ruleName: r.ruleName, ...nsgRuleVerdict(nics, nsgs, r, set) })),
  );
}
