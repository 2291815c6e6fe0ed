/**
 * gcloud / Compute REST JSON → VM snapshots. Each input document is recognised by its shape
 * (`gcloud compute … --format=json` prints the REST resources unchanged; lists print arrays):
 *
 *   instance         `instances describe` / REST `compute#instance`
 *   instance-list    `instances list` (array) / REST `compute#instanceList` / `aggregated/instances`
 *   firewall(-list)  `firewall-rules describe|list` / REST `compute#firewall[List]`
 *   effective-firewalls  `instances.getEffectiveFirewalls` (`firewalls[]` + `firewallPolicys[]`)
 *   project          `project-info describe` (commonInstanceMetadata)
 *   disk(-list)      `disks describe|list` / `aggregated/disks`
 *   subnetwork(-list) `networks subnets describe|list` / `aggregated/subnetworks`
 *
 * Joins: firewall rules go to the VMs with a NIC on the rule's network (URL, partial path or bare
 * name, S18); S18's direction/disabled/target tests and S22's priorities are left to the rules
 * (gcpFirewallAdmits), so every rule on the network is kept as given. Effective firewalls do not
 * name their VM: they join the only VM given, else the VM named in the file name. Inside an object
 * the API returned, an omitted field takes the API default (no `canIpForward` ⇒ false, no
 * `tags.items` ⇒ no tags, no `diskEncryptionKey` ⇒ Google-managed); a document not given leaves
 * its fields unknown.
 */
import type { GcpDisk, GcpFirewallRule, GcpMetadataItem, GcpNetworkInterface, GcpSubnetwork, VmSnapshot } from '../../model/snapshot';
import { VmSnapshot as VmSnapshotSchema } from '../../model/snapshot';

type Json = Record<string, any>;

export type GcpShape =
  | 'instance'
  | 'instance-list'
  | 'firewall'
  | 'firewall-list'
  | 'effective-firewalls'
  | 'project'
  | 'disk'
  | 'disk-list'
  | 'subnetwork'
  | 'subnetwork-list';

const isObj = (v: unknown): v is Json => !!v && typeof v === 'object' && !Array.isArray(v);

function isInstance(d: unknown): boolean {
  if (!isObj(d)) return false;
  // Every instance document names its zone (the resource id needs it).
  if (typeof d.name !== 'string' || typeof d.zone !== 'string') return false;
  return d.kind === 'compute#instance' || Array.isArray(d.networkInterfaces) || typeof d.machineType === 'string';
}
function isFirewall(d: unknown): boolean {
  if (!isObj(d)) return false;
  if (d.kind === 'compute#firewall') return true;
  return typeof d.name === 'string' && typeof d.network === 'string' && (Array.isArray(d.allowed) || Array.isArray(d.denied));
}
function isDisk(d: unknown): boolean {
  if (!isObj(d)) return false;
  if (d.kind === 'compute#disk') return true;
  return typeof d.name === 'string' && typeof d.zone === 'string' && (typeof d.sizeGb === 'string' || Array.isArray(d.users)) && !('networkInterfaces' in d);
}
function isSubnetwork(d: unknown): boolean {
  if (!isObj(d)) return false;
  if (d.kind === 'compute#subnetwork') return true;
  return typeof d.name === 'string' && typeof d.ipCidrRange === 'string' && typeof d.network === 'string';
}

/** The values of an aggregated list (`items` keyed by "zones/…" or "regions/…"). */
function aggregated(d: Json, key: string): Json[] | null {
  if (!isObj(d.items)) return null;
  const scopes = Object.entries(d.items as Json);
  if (!scopes.every(([k, v]) => /^(zones|regions|global)\b/.test(k) && isObj(v))) return null;
  return scopes.flatMap(([, v]) => (Array.isArray(v[key]) ? v[key] : []));
}

/** A document's elements when it is an array, a REST list or an aggregated list; else null. */
function elements(doc: unknown, key: string): Json[] | null {
  if (Array.isArray(doc)) return doc;
  if (!isObj(doc)) return null;
  if (Array.isArray(doc.items)) return doc.items;
  return aggregated(doc, key);
}

/** Recognises a gcloud / Compute REST document, or returns null. */
export function detectGcpShape(doc: unknown): GcpShape | null {
  if (isInstance(doc)) return 'instance';
  if (isFirewall(doc)) return 'firewall';
  if (isDisk(doc)) return 'disk';
  if (isSubnetwork(doc)) return 'subnetwork';
  if (isObj(doc)) {
    if (Array.isArray(doc.firewalls) && (Array.isArray(doc.firewallPolicys) || doc.firewalls.every(isFirewall)) && !('items' in doc)) {
      return 'effective-firewalls';
    }
    if (doc.kind === 'compute#project' || (isObj(doc.commonInstanceMetadata) && typeof doc.name === 'string')) return 'project';
    if (doc.kind === 'compute#instanceAggregatedList' || doc.kind === 'compute#instanceList') return 'instance-list';
    if (doc.kind === 'compute#firewallList') return 'firewall-list';
    if (doc.kind === 'compute#diskAggregatedList' || doc.kind === 'compute#diskList') return 'disk-list';
    if (doc.kind === 'compute#subnetworkAggregatedList' || doc.kind === 'compute#subnetworkList') return 'subnetwork-list';
  }
  const checks: Array<[string, (d: unknown) => boolean, GcpShape]> = [
    ['instances', isInstance, 'instance-list'],
    ['firewalls', isFirewall, 'firewall-list'],
    ['disks', isDisk, 'disk-list'],
    ['subnetworks', isSubnetwork, 'subnetwork-list'],
  ];
  for (const [key, test, shape] of checks) {
    const els = elements(doc, key);
    if (els && els.length > 0 && els.every(test)) return shape;
  }
  return null;
}

export interface GcpInput {
  file: string;
  doc: unknown;
}

// ---------------------------------------------------------------------------------------------
// Resource paths

/** `https://…/compute/v1/projects/p/zones/z/instances/n` → `projects/p/zones/z/instances/n`. */
function trimUrl(s: string): string {
  const i = s.indexOf('projects/');
  if (i >= 0) return s.slice(i);
  return s.replace(/^https?:\/\/[^/]+\/(compute\/(v1|beta|alpha)\/)?/, '');
}

/** Last path segment ("…/zones/us-east1-b" → "us-east1-b"). */
export function lastSegment(s: unknown): string | undefined {
  if (typeof s !== 'string' || !s) return undefined;
  const parts = s.split('/').filter(Boolean);
  return parts[parts.length - 1];
}

function projectOf(s: unknown): string | undefined {
  if (typeof s !== 'string') return undefined;
  return /(?:^|\/)projects\/([^/]+)/.exec(s)?.[1];
}

/**
 * A network reference in any spelling (full URL, `projects/p/global/networks/n`,
 * `global/networks/n`, bare `n`) → `projects/<p>/global/networks/<n>` (`defaultProject` fills a
 * missing project; without one the result is `global/networks/<n>`).
 */
export function normaliseNetwork(ref: string, defaultProject?: string): string {
  const trimmed = trimUrl(ref.trim());
  const name = lastSegment(trimmed) ?? trimmed;
  const project = projectOf(trimmed) ?? defaultProject;
  return project ? `projects/${project}/global/networks/${name}` : `global/networks/${name}`;
}

/** Same network? A side without a project matches on the name alone. */
export function sameNetwork(a: string, b: string): boolean {
  if (a === b) return true;
  const pa = projectOf(a);
  const pb = projectOf(b);
  if (pa && pb) return false;
  return lastSegment(a) === lastSegment(b);
}

export function regionOfZone(zone: string | undefined): string | undefined {
  return zone?.replace(/-[a-z]$/, '');
}

// ---------------------------------------------------------------------------------------------

interface Collected {
  instances: Array<{ inst: Json; where: string }>;
  firewalls: Array<{ fw: Json; where: string }>;
  effective: Array<{ doc: Json; file: string; where: string }>;
  project?: { doc: Json; where: string };
  disks: Map<string, { disk: Json; where: string }>;
  subnets: Map<string, { subnet: Json; where: string }>;
}

function collect(inputs: GcpInput[]): Collected {
  const c: Collected = { instances: [], firewalls: [], effective: [], disks: new Map(), subnets: new Map() };
  const addDisk = (disk: Json, where: string) => {
    const key = disk.selfLink ? trimUrl(String(disk.selfLink)) : `${lastSegment(disk.zone)}/${disk.name}`;
    c.disks.set(key, { disk, where });
  };
  const addSubnet = (subnet: Json, where: string) => {
    const key = subnet.selfLink ? trimUrl(String(subnet.selfLink)) : `${lastSegment(subnet.region)}/${subnet.name}`;
    c.subnets.set(key, { subnet, where });
  };
  for (const { file, doc } of inputs) {
    const shape = detectGcpShape(doc);
    const d = doc as Json;
    switch (shape) {
      case 'instance':
        c.instances.push({ inst: d, where: `file: ${file}` });
        break;
      case 'instance-list':
        (elements(doc, 'instances') ?? []).forEach((inst, i) => c.instances.push({ inst, where: `file: ${file}#${inst.name ?? i}` }));
        break;
      case 'firewall':
        c.firewalls.push({ fw: d, where: `file: ${file}` });
        break;
      case 'firewall-list':
        (elements(doc, 'firewalls') ?? []).forEach((fw, i) => c.firewalls.push({ fw, where: `file: ${file}#${fw.name ?? i}` }));
        break;
      case 'effective-firewalls':
        c.effective.push({ doc: d, file, where: `file: ${file}` });
        break;
      case 'project':
        c.project = { doc: d, where: `file: ${file}#commonInstanceMetadata` };
        break;
      case 'disk':
        addDisk(d, `file: ${file}`);
        break;
      case 'disk-list':
        (elements(doc, 'disks') ?? []).forEach((disk) => addDisk(disk, `file: ${file}#${disk.name}`));
        break;
      case 'subnetwork':
        addSubnet(d, `file: ${file}`);
        break;
      case 'subnetwork-list':
        (elements(doc, 'subnetworks') ?? []).forEach((s) => addSubnet(s, `file: ${file}#${s.name}`));
        break;
      default:
        break;
    }
  }
  return c;
}

const strings = (v: unknown): string[] | null => (Array.isArray(v) ? v.map(String) : null);

function portRules(list: unknown, protoKey: string): GcpFirewallRule['allowed'] {
  if (!Array.isArray(list)) return null;
  return list.map((p: Json) => {
    const r: { protocol: string; ports?: string[] | null } = { protocol: String(p?.[protoKey] ?? '') };
    if (Array.isArray(p?.ports)) r.ports = p.ports.map(String);
    return r;
  });
}

/** A VPC firewall rule as the snapshot keeps it. */
export function firewallRuleOf(fw: Json, targetsMatched = false): GcpFirewallRule {
  const name = String(fw.name ?? fw.id ?? '?');
  const project = projectOf(fw.selfLink) ?? projectOf(fw.network);
  const r: GcpFirewallRule = {
    id: name,
    firewallName: name,
    direction: typeof fw.direction === 'string' ? fw.direction : 'INGRESS',
    priority: typeof fw.priority === 'number' ? fw.priority : Number(fw.priority ?? 1000),
    disabled: fw.disabled === true,
    allowed: portRules(fw.allowed, 'IPProtocol'),
    denied: portRules(fw.denied, 'IPProtocol'),
    sourceRanges: strings(fw.sourceRanges),
    sourceTags: strings(fw.sourceTags),
    sourceServiceAccounts: strings(fw.sourceServiceAccounts),
    destinationRanges: strings(fw.destinationRanges),
    targetTags: strings(fw.targetTags),
    targetServiceAccounts: strings(fw.targetServiceAccounts),
  };
  if (project) r.firewallProject = project;
  if (typeof fw.network === 'string') r.network = normaliseNetwork(fw.network, project);
  if (targetsMatched) r.targetsMatched = true;
  return r;
}

/** Firewall-policy rules of an effective-firewalls answer; hierarchical policies come first. */
function policyRules(policies: unknown): GcpFirewallRule[] {
  if (!Array.isArray(policies)) return [];
  const out: GcpFirewallRule[] = [];
  policies.forEach((p: Json, pi: number) => {
    const type = String(p?.type ?? 'HIERARCHY').toUpperCase();
    // Hierarchical policies (organisation, then folders: the order given) before the VPC rules
    // (tier 1); network firewall policies after them (the default enforcement order).
    const tier = type === 'HIERARCHY' ? pi / 1000 : 2 + pi / 1000;
    const policy = String(p?.displayName ?? p?.shortName ?? p?.name ?? `policy-${pi}`);
    for (const rule of Array.isArray(p?.rules) ? p.rules : []) {
      const action = String(rule?.action ?? '').toLowerCase();
      const l4 = portRules(rule?.match?.layer4Configs, 'ipProtocol');
      const id = `${policy}/${rule?.ruleName ?? rule?.priority ?? '?'}`;
      const r: GcpFirewallRule = {
        id,
        firewallName: policy,
        policy,
        tier,
        direction: typeof rule?.direction === 'string' ? rule.direction : 'INGRESS',
        priority: typeof rule?.priority === 'number' ? rule.priority : 1000,
        disabled: rule?.disabled === true,
        action,
        allowed: action === 'allow' ? l4 : null,
        denied: action === 'deny' ? l4 : null,
        sourceRanges: strings(rule?.match?.srcIpRanges),
        destinationRanges: strings(rule?.match?.destIpRanges),
        targetServiceAccounts: strings(rule?.targetServiceAccounts),
        targetsMatched: true,
      };
      // A policy rule with no source ranges but other source matchers (tags, FQDNs, geos) is not a /0.
      const m = rule?.match ?? {};
      const other = ['srcSecureTags', 'srcFqdns', 'srcRegionCodes', 'srcThreatIntelligences', 'srcAddressGroups'].some((k) => Array.isArray(m[k]) && m[k].length);
      if (other && !r.sourceRanges) r.sourceTags = ['(policy source other than IP ranges)'];
      out.push(r);
    }
  });
  return out;
}

function metadataItems(list: unknown, scope: 'instance' | 'project'): GcpMetadataItem[] {
  if (!Array.isArray(list)) return [];
  return list
    .filter((i: Json) => i && typeof i.key === 'string')
    .map((i: Json) => ({
      id: scope === 'instance' ? i.key : `project/${i.key}`,
      key: i.key,
      value: typeof i.value === 'string' ? i.value : i.value == null ? '' : String(i.value),
      scope,
    }));
}

function nicOf(nic: Json, i: number, project?: string): GcpNetworkInterface {
  const name = typeof nic.name === 'string' ? nic.name : `nic${i}`;
  const n: GcpNetworkInterface = { id: name, name };
  if (typeof nic.network === 'string') n.network = normaliseNetwork(nic.network, project);
  if (typeof nic.subnetwork === 'string') {
    n.subnetwork = trimUrl(nic.subnetwork);
    n.subnetworkName = lastSegment(nic.subnetwork);
  }
  if (typeof nic.networkIP === 'string') n.networkIP = nic.networkIP;
  if (typeof nic.stackType === 'string') n.stackType = nic.stackType;
  const access = (list: unknown, prefix: string) =>
    (Array.isArray(list) ? list : []).map((a: Json, k: number) => {
      const c: NonNullable<GcpNetworkInterface['accessConfigs']>[number] = { id: `${name}/${a?.name ?? `${prefix}${k}`}` };
      if (typeof a?.name === 'string') c.name = a.name;
      if (typeof a?.type === 'string') c.type = a.type;
      if (typeof a?.natIP === 'string') c.natIP = a.natIP;
      if (typeof a?.externalIpv6 === 'string') c.externalIpv6 = a.externalIpv6;
      return c;
    });
  n.accessConfigs = access(nic.accessConfigs, 'access-config-');
  n.ipv6AccessConfigs = access(nic.ipv6AccessConfigs, 'ipv6-access-config-');
  return n;
}

function encryptionKeyOf(k: unknown): GcpDisk['diskEncryptionKey'] {
  if (!isObj(k)) return null;
  const out: { kmsKeyName?: string; sha256?: string } = {};
  if (typeof k.kmsKeyName === 'string' && k.kmsKeyName) out.kmsKeyName = k.kmsKeyName;
  if (typeof k.sha256 === 'string' && k.sha256) out.sha256 = k.sha256;
  return out.kmsKeyName || out.sha256 ? out : null;
}

function diskOf(att: Json, i: number, c: Collected, sources: Record<string, string>): GcpDisk {
  const source = typeof att.source === 'string' ? trimUrl(att.source) : undefined;
  const diskName = lastSegment(source);
  const id = diskName ?? att.deviceName ?? `disk${i}`;
  const d: GcpDisk = { id: String(id) };
  if (typeof att.deviceName === 'string') d.deviceName = att.deviceName;
  if (source) d.source = source;
  if (diskName) d.diskName = diskName;
  if (typeof att.boot === 'boolean') d.boot = att.boot;
  // The attached disk carries the key when a customer one is used; the disk resource too.
  let key = encryptionKeyOf(att.diskEncryptionKey);
  const described = source ? c.disks.get(source) : undefined;
  if (described) {
    key = key ?? encryptionKeyOf(described.disk.diskEncryptionKey);
    sources[`gcp.disks[${d.id}]`] = described.where;
  }
  d.diskEncryptionKey = key;
  return d;
}

function subnetOf(key: string, c: Collected, sources: Record<string, string>): GcpSubnetwork | undefined {
  const found = c.subnets.get(key);
  if (!found) return undefined;
  const s = found.subnet;
  const out: GcpSubnetwork = { id: key, subnetworkName: String(s.name ?? lastSegment(key)) };
  const region = lastSegment(s.region) ?? /regions\/([^/]+)/.exec(key)?.[1];
  if (region) out.region = region;
  out.flowLogsEnabled = isObj(s.logConfig) && typeof s.logConfig.enable === 'boolean' ? s.logConfig.enable : s.enableFlowLogs === true;
  sources[`gcp.subnetworks[${key}]`] = found.where;
  return out;
}

/**
 * The effective-firewalls documents that belong to this VM (one per network interface): all of
 * them when only one VM was given, else those whose file name names the VM the way the REST path
 * does ("…instances-<name>-getEffectiveFirewalls…").
 */
function effectiveFor(name: string, c: Collected): Collected['effective'] {
  if (c.effective.length === 0) return [];
  if (c.instances.length === 1) return c.effective;
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const pattern = new RegExp(`instances[-_/.]${escaped}([-_./]|$)`);
  return c.effective.filter((e) => pattern.test(e.file));
}

function instanceSnapshot(inst: Json, where: string, c: Collected): VmSnapshot {
  const sources: Record<string, string> = { gcp: where };
  const name = String(inst.name ?? inst.id ?? '?');
  const zone = lastSegment(inst.zone);
  const project = projectOf(inst.selfLink) ?? projectOf(inst.zone) ?? projectOf(inst.machineType);
  const region = regionOfZone(zone);
  const nics = (Array.isArray(inst.networkInterfaces) ? inst.networkInterfaces : []).map((n: Json, i: number) => nicOf(n, i, project));
  const bootDisk = (Array.isArray(inst.disks) ? inst.disks : []).find((d: Json) => d?.boot === true);
  const features = (Array.isArray(bootDisk?.guestOsFeatures) ? bootDisk.guestOsFeatures : []).map((f: Json) => String(f?.type ?? '')).filter(Boolean);
  const licenses: string[] = Array.isArray(bootDisk?.licenses) ? bootDisk.licenses.map(String) : [];

  const gcp: NonNullable<VmSnapshot['gcp']> = {
    name,
    canIpForward: inst.canIpForward === true,
    deletionProtection: inst.deletionProtection === true,
    labels: isObj(inst.labels) ? Object.fromEntries(Object.entries(inst.labels).map(([k, v]) => [k, String(v ?? '')])) : {},
    networkTags: Array.isArray(inst.tags?.items) ? inst.tags.items.map(String) : [],
    serviceAccounts: (Array.isArray(inst.serviceAccounts) ? inst.serviceAccounts : [])
      .filter((s: Json) => typeof s?.email === 'string')
      .map((s: Json) => ({ id: s.email, email: s.email, scopes: Array.isArray(s.scopes) ? s.scopes.map(String) : [] })),
    metadata: metadataItems(inst.metadata?.items, 'instance'),
    networkInterfaces: nics,
    disks: (Array.isArray(inst.disks) ? inst.disks : []).map((d: Json, i: number) => diskOf(d, i, c, sources)),
  };
  if (project) gcp.project = project;
  if (zone) gcp.zone = zone;
  if (region) gcp.region = region;
  if (typeof inst.status === 'string') gcp.status = inst.status;
  const mt = lastSegment(inst.machineType);
  if (mt) gcp.machineType = mt;
  if (bootDisk) {
    gcp.guestOsFeatures = features;
    gcp.isWindows = features.includes('WINDOWS') || licenses.some((l) => /windows-cloud|\/windows-/.test(l));
  }
  const sic = inst.shieldedInstanceConfig;
  gcp.shieldedInstanceConfig = isObj(sic)
    ? { enableSecureBoot: sic.enableSecureBoot === true, enableVtpm: sic.enableVtpm === true, enableIntegrityMonitoring: sic.enableIntegrityMonitoring === true }
    : null;
  const cic = inst.confidentialInstanceConfig;
  gcp.confidentialInstanceConfig = isObj(cic)
    ? { enableConfidentialCompute: cic.enableConfidentialCompute === true, confidentialInstanceType: typeof cic.confidentialInstanceType === 'string' ? cic.confidentialInstanceType : null }
    : null;

  if (c.project) {
    gcp.metadata!.push(...metadataItems(c.project.doc.commonInstanceMetadata?.items, 'project'));
    gcp.projectMetadataSeen = true;
    sources['gcp.projectMetadataSeen'] = c.project.where;
  }

  // Firewall: effective firewalls (policies included) beat a firewall-rules list (S23).
  const eff = effectiveFor(name, c);
  if (eff.length > 0) {
    const rules = new Map<string, GcpFirewallRule>();
    for (const e of eff) {
      const found = [
        ...(Array.isArray(e.doc.firewalls) ? e.doc.firewalls : []).map((fw: Json) => firewallRuleOf(fw, true)),
        ...policyRules(e.doc.firewallPolicys ?? e.doc.firewallPolicies),
      ];
      for (const r of found) if (!rules.has(r.id)) rules.set(r.id, r);
    }
    gcp.firewall = { source: 'effective', rules: [...rules.values()] };
    sources['gcp.firewall'] = eff.map((e) => e.where).join(', ');
  } else if (c.firewalls.length > 0) {
    const networks = nics.map((n: GcpNetworkInterface) => n.network).filter((n: string | undefined): n is string => !!n);
    const rules = c.firewalls
      .map(({ fw }) => firewallRuleOf(fw))
      .filter((r) => !r.network || networks.some((n: string) => sameNetwork(n, r.network!)));
    gcp.firewall = {
      source: 'vpc',
      note: 'firewall policies not seen (no get-effective-firewalls output): the VPC firewall rules decide',
      rules,
    };
    sources['gcp.firewall'] = [...new Set(c.firewalls.map((f) => f.where.replace(/#.*$/, '')))].join(', ');
  }

  if (c.subnets.size > 0) {
    const subnets = nics
      .map((n: GcpNetworkInterface) => (n.subnetwork ? subnetOf(n.subnetwork, c, sources) : undefined))
      .filter((s: GcpSubnetwork | undefined): s is GcpSubnetwork => !!s);
    gcp.subnetworks = subnets;
  }

  const id = project && zone ? `projects/${project}/zones/${zone}/instances/${name}` : `instances/${name}`;
  const hasPublic = nics.some((n: GcpNetworkInterface) => (n.accessConfigs?.length ?? 0) > 0 || (n.ipv6AccessConfigs?.length ?? 0) > 0);
  const snap: VmSnapshot = {
    kind: 'vm',
    provider: 'gcp',
    id,
    name,
    tags: gcp.labels,
    origin: 'file',
    sources,
    // Spec §1 ↓: any accessConfigs / ipv6AccessConfigs entry is public (even without natIP, S27).
    hasPublicAddress: hasPublic,
    gcp,
  };
  if (region) snap.region = region;
  if (zone) snap.zone = zone;
  if (gcp.status) snap.state = gcp.status.toLowerCase();
  return VmSnapshotSchema.parse(snap);
}

/** Every instance in the inputs, joined with the other documents. */
export function normaliseGcp(inputs: GcpInput[]): VmSnapshot[] {
  const c = collect(inputs);
  return c.instances.map(({ inst, where }) => instanceSnapshot(inst, where, c));
}

const plural = (n: number, one: string) => `${n} ${n === 1 ? one : `${one}s`}`;
const list = (ids: string[], max = 4) => (ids.length <= max ? ids.join(', ') : `${ids.slice(0, max).join(', ')}, … (${ids.length} in all)`);

/** Notes on documents that joined nothing (for the CLI). */
export function gcpJoinNotes(inputs: GcpInput[], resources: VmSnapshot[]): string[] {
  const notes: string[] = [];
  if (resources.length === 0) return notes;
  const c = collect(inputs);
  for (const e of c.effective) {
    const used = resources.some((r) => (r.sources?.['gcp.firewall'] ?? '').split(', ').includes(e.where));
    if (!used) {
      notes.push(
        `${e.file}: effective firewalls do not name their VM and ${plural(resources.length, 'VM')} were given; ` +
          'scan that VM alone, or name the file like the REST path (…instances-<name>-getEffectiveFirewalls.json)',
      );
    }
  }
  const usedRules = new Set(resources.flatMap((r) => (r.gcp?.firewall?.source === 'vpc' ? r.gcp.firewall.rules.map((f) => f.id) : [])));
  const usedDisks = new Set(resources.flatMap((r) => (r.gcp?.disks ?? []).map((d) => d.source ?? '')));
  const byFile = new Map<string, { kind: string; ids: string[]; loose: string[] }>();
  const add = (where: string, kind: string, id: string, used: boolean) => {
    const file = where.replace(/^file: /, '').replace(/#.*$/, '');
    const entry = byFile.get(file) ?? { kind, ids: [], loose: [] };
    entry.ids.push(id);
    if (!used) entry.loose.push(id);
    byFile.set(file, entry);
  };
  for (const { fw, where } of c.firewalls) add(where, 'firewall rule', String(fw.name), usedRules.has(String(fw.name)));
  for (const [key, { where }] of c.disks) add(where, 'disk', lastSegment(key) ?? key, usedDisks.has(key));
  for (const [file, { kind, ids, loose }] of byFile) {
    if (loose.length === ids.length) notes.push(`${file}: none of its ${plural(ids.length, kind)} (${list(loose)}) belongs to a VM given; it was not used`);
  }
  return notes;
}
