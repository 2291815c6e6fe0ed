/**
 * The one CEL environment rules are compiled in. Logic CEL cannot express well (CIDRs, port sets,
 * secret patterns, dates) lives in small tested TypeScript functions registered here. A helper
 * that cannot judge its input throws UnknownValue, which the engine turns into "unknown".
 */
import { Environment } from '@marcbachmann/cel-js';
import { exposesPortSet } from './functions/port-sets';
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
      exposesPortSet(protocolOf(rule.protocol), toPorts(rule.ports), portSet(set)),
    )
    .registerFunction('exposesPorts(dyn, dyn, string): bool', (protocol: unknown, ports: unknown, set: string) =>
      exposesPortSet(protocolOf(protocol), toPorts(ports), portSet(set)),
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
    // Whole days from an ISO time to "now" (now is an input so verdicts are reproducible).
    .registerFunction('ageDays(string, string): double', (iso: string, now: string) =>
      (parseTime(now) - parseTime(iso)) / 86_400_000,
    );
  return shared;
}
