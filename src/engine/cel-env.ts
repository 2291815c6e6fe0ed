/**
 * The one CEL environment rules are compiled in. Logic CEL cannot express well (CIDRs, port sets,
 * secret patterns, dates) lives in small tested TypeScript functions registered here. A helper
 * that cannot judge its input throws UnknownValue, which the engine turns into "unknown".
 */
import { Environment } from '@marcbachmann/cel-js';
import { exposesPortSet } from './functions/port-sets';
import { nsgChainKnown, nsgRuleVerdict } from './functions/azure-nsg';
import { gcpFirewallAdmits } from './functions/gcp-firewall';
import { metadataFlag, metadataSecrets } from './functions/gcp-metadata';
import { cidrContains, isPublicSource } from './functions/public-source';
import { scanUserData } from './functions/secrets';
import { UnknownValue } from './unknown';

const PORT_SETS = new Set(['SSH', 'RDP', 'DB', 'ADMIN', 'ALL']);
type PortSetName = 'SSH' | 'RDP' | 'DB' | 'ADMIN' | 'ALL';

function portSet(name: string): PortSetName {
  if (!PORT_SETS.has(name)) throw new Error(`unknown port set "${name}" (SSH, RDP, DB, ADMIN, ALL)`);
  return name as PortSetName;
}

function toPorts(ports: unknown): Array<string | number> | null {
  if (ports === null || ports === undefined) return null;
  if (!Array.isArray(ports)) return [String(ports)];
  return ports.map((p) => (typeof p === 'bigint' ? Number(p) : (p as string | number)));
}

function protocolOf(p: unknown): string | number {
  return typeof p === 'bigint' ? Number(p) : (p as string | number);
}

function parseTime(iso: string): number {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) throw new UnknownValue(`cannot read the date "${iso}"`);
  return t;
}

/** Rules ask about the same few sources (0.0.0.0/0, office ranges) over and over: parse each once. */
const publicCache = new Map<string, boolean>();
function isPublicCached(source: string): boolean {
  let v = publicCache.get(source);
  if (v === undefined) {
    v = isPublicSource(source);
    if (publicCache.size > 10_000) publicCache.clear();
    publicCache.set(source, v);
  }
  return v;
}

/**
 * exposes()/exposesPorts() answers, remembered: a scan asks about the same few (protocol, ports)
 * pairs (tcp 22, -1, tcp 0-65535…) for every rule of every VM, and the answer is a pure function of
 * them. Keyed by protocol, then set, then the ports: a one-element list by its element (strings and
 * numbers stay distinct keys), no list by NO_PORTS; other lists, or values of other types, are not
 * remembered.
 */
const NO_PORTS = Symbol('no ports');
const exposesCache = new Map<string | number, Map<PortSetName, Map<unknown, boolean>>>();
let exposesCacheSize = 0;

function exposesCached(protocol: string | number, ports: Array<string | number> | null, set: PortSetName): boolean {
  const p = typeof protocol;
  let key: unknown;
  if (ports === null) key = NO_PORTS;
  else if (ports.length === 1 && (typeof ports[0] === 'string' || typeof ports[0] === 'number')) key = ports[0];
  if (key === undefined || (p !== 'string' && p !== 'number')) return exposesPortSet(protocol, ports, set);
  let bySet = exposesCache.get(protocol);
  if (!bySet) exposesCache.set(protocol, (bySet = new Map()));
  let byPorts = bySet.get(set);
  if (!byPorts) bySet.set(set, (byPorts = new Map()));
  let v = byPorts.get(key);
  if (v === undefined) {
    v = exposesPortSet(protocol, ports, set);
    if (++exposesCacheSize > 10_000) {
      exposesCache.clear();
      exposesCacheSize = 0;
    }
    byPorts.set(key, v);
  }
  return v;
}

let shared: Environment | undefined;

/** The environment is expensive to build and immutable once rules are parsed: build it once. */
export function celEnvironment(): Environment {
  if (shared) return shared;
  shared = new Environment({ unlistedVariablesAreDyn: true, homogeneousAggregateLiterals: false })
    .registerVariable('vm', 'dyn')
    .registerVariable('resource', 'dyn')
    .registerVariable('item', 'dyn')
    .registerVariable('now', 'string')
    .registerVariable('config', 'dyn')
    // A network rule (AWS SG rule, GCP allowed[] entry, Azure NSG rule) as {protocol, ports}:
    // does it admit any port of the set? ports absent/null = every port of the protocol.
    .registerFunction('exposes(dyn, string): bool', (rule: Record<string, unknown>, set: string) =>
      exposesCached(protocolOf(rule.protocol), toPorts(rule.ports), portSet(set)),
    )
    .registerFunction('exposesPorts(dyn, dyn, string): bool', (protocol: unknown, ports: unknown, set: string) =>
      exposesCached(protocolOf(protocol), toPorts(ports), portSet(set)),
    )
    .registerFunction('isPublicSource(string): bool', (s: string) => isPublicCached(s))
    .registerFunction('cidrContains(string, string): bool', (cidr: string, ip: string) => cidrContains(cidr, ip))
    .registerFunction('flatten(list): list', (lists: unknown[]) => lists.flatMap((l) => (Array.isArray(l) ? l : [l])))
    // Masked secret matches in user data / metadata ("aws-access-key-id AKIA…"); binary → unknown.
    .registerFunction('secrets(string): list', (raw: string) => {
      const scan = scanUserData(raw);
      if (scan.binary && scan.matches.length === 0) throw new UnknownValue('user data is binary: not scanned');
      return scan.matches.map((m) => `${m.kind} ${m.masked}`);
    })
    // GCP (S18–S23): does this firewall rule admit the port set from a /0 to the VM, after the
    // rules evaluated before it? Args: vm.gcp.firewall, item, vm.gcp.networkTags, vm.gcp.serviceAccounts, set.
    .registerFunction('gcpFirewallAdmits(dyn, dyn, dyn, dyn, string): bool', (fw: any, rule: any, tags: any, sas: any, set: string) =>
      gcpFirewallAdmits(fw, rule, tags, sas, portSet(set)),
    )
    // GCP metadata boolean (S24) of a key among one scope's items ("instance" | "project"):
    // "true", "false" or "unset".
    .registerFunction('metadataFlag(dyn, string, string): string', (items: any, scope: string, key: string) => metadataFlag(items, scope, key))
    // Masked secret matches in a plain-text GCP metadata value (no base64 decoding).
    .registerFunction('metadataSecrets(string): list', (value: string) => metadataSecrets(value))
    // Azure (S31–S37): does this NSG rule (an item of vm.azure.nsgs[].rules) let the port set in
    // from the internet through the NIC's subnet-then-NIC NSG chain? Args: vm.azure.nics,
    // vm.azure.nsgs, item, set (SSH, RDP, DB, ADMIN, ALL, UDP). Not known → unknown.
    .registerFunction('azureNsgBlocks(dyn, dyn, dyn, string): bool', (nics: any, nsgs: any, item: any, set: string) => {
      const r = nsgRuleVerdict(nics ?? [], nsgs ?? [], item, set);
      if (r.verdict === 'unknown') throw new UnknownValue(r.reason);
      return r.verdict === 'pass';
    })
    // True when the rule admits the set through one NSG layer while the other blocks it (S36: fail at low).
    .registerFunction('azureNsgOneLayer(dyn, dyn, dyn, string): bool', (nics: any, nsgs: any, item: any, set: string) =>
      nsgRuleVerdict(nics ?? [], nsgs ?? [], item, set).verdict === 'low',
    )
    // True when every NIC's subnet and NIC NSG layer is known (none, or given with its rules).
    .registerFunction('azureNsgChainKnown(dyn, dyn): bool', (nics: any, nsgs: any) => nsgChainKnown(nics ?? [], nsgs ?? []))
    // Whole days from an ISO time to "now" (now is an input so verdicts are reproducible).
    .registerFunction('ageDays(string, string): double', (iso: string, now: string) =>
      (parseTime(now) - parseTime(iso)) / 86_400_000,
    );
  return shared;
}
