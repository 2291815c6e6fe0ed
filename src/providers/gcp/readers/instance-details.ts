/**
 * Reads one Compute Engine VM from the Google Cloud console's VM instance details page
 * (spec/pages.md "Google Cloud"): label/value pairs in sections (Basic information, Machine
 * configuration, Networking, Storage, Security and access, Management), found by visible label
 * text, never by the console's component classes. Every setting the page does not show stays
 * absent (unknown); "None" is known-empty. Each value's element becomes an anchor. Never throws:
 * a page that cannot be read gives no resources. Read-only: never clicks, focuses or scrolls.
 *
 * What the page cannot say stays unknown: the project's metadata (so rules that fall back to it
 * decide only when the instance's own metadata does), subnet flow logs, firewall rules, the boot
 * image's guest OS features (Windows or not).
 */
import type { Anchor, PageRead } from '../../../content/page-read';
import type { GcpDisk, GcpMetadataItem, GcpNetworkInterface, VmSnapshot } from '../../../model/snapshot';
import { GCP_COLUMNS, GCP_HEADINGS, GCP_LABELS, GCP_VALUES, normaliseGcpLabel, type GcpLabelKey } from '../labels';
import { gcpInstanceId, regionOfGcpZone, type GcpRoute } from '../routes';
import { LabelIndex, columnOf, headingBefore, readTable, textOf, valueOfLabel, type TableRead } from './dom';

type Gcp = NonNullable<VmSnapshot['gcp']>;

const L = GCP_LABELS.en;
const V = GCP_VALUES.en;
const C = GCP_COLUMNS.en;
const H = GCP_HEADINGS.en;

const CLOUD_PLATFORM = 'https://www.googleapis.com/auth/cloud-platform';
/** What "Allow default access" grants (Compute Engine's default scopes). */
export const DEFAULT_SCOPES = [
  'https://www.googleapis.com/auth/devstorage.read_only',
  'https://www.googleapis.com/auth/logging.write',
  'https://www.googleapis.com/auth/monitoring.write',
  'https://www.googleapis.com/auth/servicecontrol',
  'https://www.googleapis.com/auth/service.management.readonly',
  'https://www.googleapis.com/auth/trace.append',
];

const IPV4 = /\b(?:\d{1,3}\.){3}\d{1,3}\b/;
const IPV6 = /\b[0-9a-f]{1,4}(?::[0-9a-f]{0,4}){2,7}(?:\/\d{1,3})?/i;
const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/;
const KMS_KEY = /projects\/[^/\s]+\/locations\/[^/\s]+\/keyRings\/[^/\s]+\/cryptoKeys\/[^/\s]+(?:\/cryptoKeyVersions\/\d+)?/;
const METADATA_KEY = /^[A-Za-z0-9_-]{1,128}$/;

interface Ctx {
  index: LabelIndex;
  id: string;
  route: GcpRoute;
  sources: Record<string, string>;
  anchors: Anchor[];
}

const norm = normaliseGcpLabel;
const isOneOf = (text: string, list: readonly string[]) => list.includes(norm(text));
/** "None", "–": shown, and empty. */
export const isNone = (text: string) => isOneOf(text, V.none);

/** "On", "Enabled", … → true; "Off", "Disabled" → false; else undefined. Extra words after are allowed. */
export function onOff(text: string): boolean | undefined {
  const t = norm(text);
  if (V.on.some((w) => t === w || t.startsWith(`${w} `) || t.startsWith(`${w} (`))) return true;
  if (V.off.some((w) => t === w || t.startsWith(`${w} `) || t.startsWith(`${w} (`))) return false;
  return undefined;
}

/** A label's value text and element (the first occurrence, inside `within` when given), or undefined. */
function field(ctx: Ctx, key: GcpLabelKey, within?: Element): { text: string; el: Element } | undefined {
  for (const label of ctx.index.find(key, within)) {
    const el = valueOfLabel(label, ctx.index);
    if (!el) continue;
    const text = textOf(el);
    if (text === '' || /^loading\b/i.test(text)) continue;
    return { text, el };
  }
  return undefined;
}

function flag(ctx: Ctx, key: GcpLabelKey, within?: Element): { on: boolean; el: Element } | undefined {
  const f = field(ctx, key, within);
  const on = f ? onOff(f.text) : undefined;
  return f && on !== undefined ? { on, el: f.el } : undefined;
}

function note(ctx: Ctx, path: string, key: GcpLabelKey | string, el: Element | undefined) {
  const label = (L as Record<string, string[]>)[key]?.[0] ?? key;
  ctx.sources[path] ??= `page: ${label}`;
  if (el) ctx.anchors.push({ resourceId: ctx.id, path, element: el });
}

/** Chips or a comma-separated list → their texts ("None" → []). */
function listOf(el: Element, text: string): string[] {
  if (isNone(text)) return [];
  const chips = Array.from(el.querySelectorAll('li, [role="listitem"], [role="option"], mat-chip, [class*="chip"]')).filter(
    (c) => !Array.from(c.children).some((k) => /^(LI|MAT-CHIP)$/.test(k.tagName) || k.getAttribute('role') === 'listitem'),
  );
  const items = chips.length ? chips.map((c) => textOf(c)) : text.split(/[,;]\s*|\s{2,}/);
  return items.map((s) => s.trim()).filter(Boolean);
}

// ---------------------------------------------------------------------------------------------
// Networking

function networkPath(text: string, project: string): string | undefined {
  const t = text.trim().split(/\s/)[0];
  if (!t || isNone(t)) return undefined;
  const m = /projects\/[^/]+\/global\/networks\/[^/\s]+/.exec(t);
  if (m) return m[0];
  return /^[a-z](?:[-a-z0-9]{0,61}[a-z0-9])?$/.test(t) ? `projects/${project}/global/networks/${t}` : undefined;
}

function subnetworkOf(text: string, project: string, region: string | undefined): { path?: string; name: string } | undefined {
  const t = text.trim().split(/\s/)[0];
  if (!t || isNone(t)) return undefined;
  const m = /projects\/[^/]+\/regions\/[^/]+\/subnetworks\/([^/\s]+)/.exec(t);
  if (m) return { path: m[0], name: m[1] };
  if (!/^[a-z](?:[-a-z0-9]{0,61}[a-z0-9])?$/.test(t)) return undefined;
  return region ? { path: `projects/${project}/regions/${region}/subnetworks/${t}`, name: t } : { name: t };
}

/** "34.1.2.3 (Ephemeral)" → one access config with that address; "None" → none; "Ephemeral" (VM stopped) → one without an address. */
function accessConfigsOf(text: string, nicId: string): GcpNetworkInterface['accessConfigs'] | undefined {
  if (isNone(text)) return [];
  const ip = IPV4.exec(text)?.[0];
  if (ip) return [{ id: `${nicId}/external-ip`, type: 'ONE_TO_ONE_NAT', natIP: ip }];
  if (/\b(ephemeral|static|reserved)\b/i.test(text)) return [{ id: `${nicId}/external-ip`, type: 'ONE_TO_ONE_NAT' }];
  return undefined;
}

function ipv6ConfigsOf(text: string, nicId: string): GcpNetworkInterface['ipv6AccessConfigs'] | undefined {
  if (isNone(text)) return [];
  const ip = IPV6.exec(text)?.[0];
  return ip ? [{ id: `${nicId}/external-ipv6`, type: 'DIRECT_IPV6', externalIpv6: ip }] : undefined;
}

interface NicRead {
  nic: GcpNetworkInterface;
  externalEl?: Element;
  forwarding?: { on: boolean; el: Element };
}

function nicFromValues(
  ctx: Ctx,
  i: number,
  get: (k: 'name' | 'network' | 'subnetwork' | 'internalIp' | 'externalIp' | 'externalIpv6' | 'stackType' | 'ipForwarding') => { text: string; el: Element } | undefined,
): NicRead {
  const { project, zone } = ctx.route;
  const nameText = get('name')?.text;
  const name = nameText && /^nic\d+$/.test(nameText.split(/\s/)[0]) ? nameText.split(/\s/)[0] : `nic${i}`;
  const nic: GcpNetworkInterface = { id: name, name };
  const out: NicRead = { nic };
  const net = get('network');
  const network = net && networkPath(net.text, project);
  if (network) nic.network = network;
  const sub = get('subnetwork');
  const subnet = sub && subnetworkOf(sub.text, project, regionOfGcpZone(zone));
  if (subnet) {
    if (subnet.path) nic.subnetwork = subnet.path;
    nic.subnetworkName = subnet.name;
  }
  const internal = get('internalIp');
  const ip = internal && IPV4.exec(internal.text)?.[0];
  if (ip) nic.networkIP = ip;
  const ext = get('externalIp');
  const configs = ext && accessConfigsOf(ext.text, name);
  if (ext && configs) {
    nic.accessConfigs = configs;
    out.externalEl = ext.el;
  }
  const stack = get('stackType');
  const ipv4Only = stack && /ipv4/i.test(stack.text) && !/ipv6|dual/i.test(stack.text);
  if (stack) nic.stackType = ipv4Only ? 'IPV4_ONLY' : /dual|ipv6/i.test(stack.text) ? 'IPV4_IPV6' : stack.text;
  const v6 = get('externalIpv6');
  const v6configs = v6 && ipv6ConfigsOf(v6.text, name);
  if (v6configs) nic.ipv6AccessConfigs = v6configs;
  // An IPv4-only interface has no IPv6 address at all.
  else if (ipv4Only) nic.ipv6AccessConfigs = [];
  const fwd = get('ipForwarding');
  const on = fwd ? onOff(fwd.text) : undefined;
  if (fwd && on !== undefined) out.forwarding = { on, el: fwd.el };
  return out;
}

/** Network interfaces shown as a table (one row per interface). */
function nicsFromTable(ctx: Ctx): NicRead[] | undefined {
  for (const tbl of Array.from(ctx.index.root.querySelectorAll('table'))) {
    const t = readTable(tbl);
    if (!t || columnOf(t, C.network) === undefined || columnOf(t, C.subnetwork) === undefined) continue;
    if (t.loading || t.misaligned) return undefined;
    return t.rows.map(({ cells }, i) => {
      const cell = (headers: readonly string[]) => {
        const k = columnOf(t, headers);
        const el = k === undefined ? undefined : cells[k];
        const text = textOf(el);
        return el && text ? { text, el } : undefined;
      };
      return nicFromValues(ctx, i, (k) => (k === 'name' ? cell(C.name) : cell(C[k])));
    });
  }
  return undefined;
}

/** Network interfaces shown as label/value blocks: one block per "Network" label. */
function nicsFromLabels(ctx: Ctx): NicRead[] | undefined {
  const networks = ctx.index.find('network').filter((l) => !l.closest('table'));
  if (networks.length === 0) return undefined;
  return networks.map((label, i) => {
    // The interface's block: the largest ancestor of its "Network" label holding no other one.
    let block: Element = label;
    while (block.parentElement && block.parentElement !== ctx.index.root && !networks.some((o) => o !== label && block.parentElement!.contains(o))) {
      block = block.parentElement;
    }
    return nicFromValues(ctx, i, (k) => field(ctx, k === 'name' ? 'nicName' : k, block));
  });
}

function readNetworking(ctx: Ctx, gcp: Gcp, snap: VmSnapshot) {
  const nics = nicsFromTable(ctx) ?? nicsFromLabels(ctx);
  if (nics) {
    gcp.networkInterfaces = nics.map((n) => n.nic);
    ctx.sources['gcp.networkInterfaces'] = 'page: Network interfaces';
    const external = nics.find((n) => (n.nic.accessConfigs?.length ?? 0) > 0) ?? nics.find((n) => n.externalEl);
    if (external?.externalEl) ctx.anchors.push({ resourceId: ctx.id, path: 'gcp.networkInterfaces', element: external.externalEl });
    if (nics.some((n) => (n.nic.accessConfigs?.length ?? 0) > 0 || (n.nic.ipv6AccessConfigs?.length ?? 0) > 0)) snap.hasPublicAddress = true;
    else if (nics.every((n) => n.nic.accessConfigs && n.nic.ipv6AccessConfigs)) snap.hasPublicAddress = false;
    // IP forwarding is the instance's setting (canIpForward), shown per interface.
    const fwd = nics.map((n) => n.forwarding);
    const on = fwd.find((f) => f?.on);
    if (on) {
      gcp.canIpForward = true;
      note(ctx, 'gcp.canIpForward', 'ipForwarding', on.el);
    } else if (fwd.length && fwd.every((f) => f && !f.on)) {
      gcp.canIpForward = false;
      note(ctx, 'gcp.canIpForward', 'ipForwarding', fwd[0]!.el);
    }
  }
  const tags = field(ctx, 'networkTags');
  if (tags) {
    gcp.networkTags = listOf(tags.el, tags.text);
    note(ctx, 'gcp.networkTags', 'networkTags', tags.el);
  }
}

// ---------------------------------------------------------------------------------------------
// Security and access

function scopesOf(text: string): string[] | undefined {
  const t = norm(text);
  if (V.fullAccess.some((w) => t.startsWith(w))) return [CLOUD_PLATFORM];
  if (V.defaultAccess.some((w) => t.startsWith(w))) return [...DEFAULT_SCOPES];
  if (isNone(text)) return [];
  // A per-API list ("Cloud Platform: Enabled", "Storage: Read Only", …): only the full-access
  // scope matters to the rules; a list without entries (collapsed) says nothing.
  const entries = text.split(/\s*[,;\n]\s*|\s{2,}/).filter((e) => /:/.test(e));
  if (entries.length === 0) return undefined;
  const scopes = new Set<string>();
  for (const e of entries) {
    const [api, level] = e.split(/:\s*/);
    if (/^cloud platform$/i.test(api.trim()) && !/^(none|disabled|off)$/i.test((level ?? '').trim())) scopes.add(CLOUD_PLATFORM);
    const url = /https:\/\/www\.googleapis\.com\/auth\/[\w.-]+/.exec(e)?.[0];
    if (url) scopes.add(url);
  }
  return [...scopes];
}

function readServiceAccount(ctx: Ctx, gcp: Gcp) {
  const sa = field(ctx, 'serviceAccount');
  if (!sa) return;
  if (isNone(sa.text)) {
    gcp.serviceAccounts = [];
    note(ctx, 'gcp.serviceAccounts', 'serviceAccount', sa.el);
    return;
  }
  const email = EMAIL.exec(sa.text)?.[0];
  if (!email) return;
  const account: NonNullable<Gcp['serviceAccounts']>[number] = { id: email, email };
  const sc = field(ctx, 'accessScopes');
  const scopes = sc && scopesOf(sc.text);
  if (scopes) {
    account.scopes = scopes;
    ctx.sources['gcp.serviceAccounts[].scopes'] = `page: ${L.accessScopes[0]}`;
  }
  gcp.serviceAccounts = [account];
  note(ctx, 'gcp.serviceAccounts', 'serviceAccount', sa.el);
}

function readShielded(ctx: Ctx, gcp: Gcp) {
  const boot = flag(ctx, 'secureBoot');
  const vtpm = flag(ctx, 'vtpm');
  const integrity = flag(ctx, 'integrityMonitoring');
  // The schema holds all three or none: a partial read stays unknown.
  if (!boot || !vtpm || !integrity) return;
  gcp.shieldedInstanceConfig = { enableSecureBoot: boot.on, enableVtpm: vtpm.on, enableIntegrityMonitoring: integrity.on };
  note(ctx, 'gcp.shieldedInstanceConfig.enableSecureBoot', 'secureBoot', boot.el);
  note(ctx, 'gcp.shieldedInstanceConfig.enableVtpm', 'vtpm', vtpm.el);
  note(ctx, 'gcp.shieldedInstanceConfig.enableIntegrityMonitoring', 'integrityMonitoring', integrity.el);
}

function readConfidential(ctx: Ctx, gcp: Gcp) {
  const f = field(ctx, 'confidentialVm');
  const on = f ? onOff(f.text) : undefined;
  if (!f || on === undefined) return;
  const type = /SEV[-_ ]?SNP/i.test(f.text) ? 'SEV_SNP' : /\bTDX\b/i.test(f.text) ? 'TDX' : /\bSEV\b/i.test(f.text) ? 'SEV' : null;
  gcp.confidentialInstanceConfig = on ? { enableConfidentialCompute: true, confidentialInstanceType: type } : null;
  note(ctx, 'gcp.confidentialInstanceConfig', 'confidentialVm', f.el);
}

/**
 * The instance's own metadata, from the "Custom metadata" block (key/value rows, a table or a
 * `<dl>`). Only a block read whole counts: a partial list would make the metadata rules judge
 * keys that are not there (a "pass" for secrets in metadata never seen). The On/Off rows (Block
 * project-wide SSH keys, serial port access) complete a list that was read; without the list
 * they are not turned into metadata items, for the same reason. The OS Login row is not used:
 * whether it shows the instance's own value or the effective one is unverified.
 */
function readMetadata(ctx: Ctx, gcp: Gcp) {
  const f = field(ctx, 'customMetadata');
  if (!f) return;
  const items: GcpMetadataItem[] = [];
  if (!isNone(f.text)) {
    let pairs: Array<[string, string]> = [];
    const table = f.el.querySelector('table');
    const dts = Array.from(f.el.querySelectorAll('dt'));
    if (table) {
      pairs = Array.from(table.querySelectorAll('tbody tr')).map((tr) => {
        const cells = Array.from(tr.children);
        return [textOf(cells[0]), textOf(cells[1])] as [string, string];
      });
    } else if (dts.length) {
      pairs = dts.map((dt) => [textOf(dt), textOf(dt.nextElementSibling?.tagName === 'DD' ? dt.nextElementSibling : null)]);
    } else {
      let rows = Array.from(f.el.children);
      while (rows.length === 1 && rows[0].children.length > 1 && rows[0].children[0].children.length > 0) rows = Array.from(rows[0].children);
      pairs = rows.map((r) => (r.children.length >= 2 ? [textOf(r.children[0]), Array.from(r.children).slice(1).map((c) => textOf(c)).join(' ')] : ['', '']));
    }
    for (const [rawKey, value] of pairs) {
      const key = rawKey.replace(/\s*[:=]$/, '').trim();
      if (!METADATA_KEY.test(key)) return; // a row we cannot read: the whole block is unknown
      items.push({ id: key, key, value, scope: 'instance' });
    }
    if (items.length === 0) return;
  }
  // The console edits these keys with their own controls and may leave them out of the list: an
  // "On" row says the instance key is true. "Off" says absent or false, which is not the same for
  // the serial port (absent falls back to the project), so it adds nothing.
  for (const [key, label] of [
    ['block-project-ssh-keys', 'blockProjectSshKeys'],
    ['serial-port-enable', 'serialPort'],
  ] as const) {
    if (items.some((i) => i.key === key)) continue;
    if (flag(ctx, label)?.on) {
      items.push({ id: key, key, value: 'TRUE', scope: 'instance' });
      ctx.sources[`gcp.metadata[${key}]`] = `page: ${L[label][0]}`;
    }
  }
  gcp.metadata = items;
  note(ctx, 'gcp.metadata', 'customMetadata', f.el);
}

// ---------------------------------------------------------------------------------------------
// Storage

function encryptionKeyOf(text: string): GcpDisk['diskEncryptionKey'] | undefined {
  const t = norm(text);
  const key = KMS_KEY.exec(text)?.[0];
  if (key) return { kmsKeyName: key };
  if (V.googleManaged.some((w) => t.startsWith(w))) return null;
  if (V.customerSupplied.some((w) => t.startsWith(w))) return { sha256: '(customer-supplied key; hash not shown)' };
  // The key's name is not shown: what the rule needs is that a customer key is used.
  if (V.customerManaged.some((w) => t.startsWith(w))) return { kmsKeyName: '(customer-managed key; name not shown)' };
  return undefined;
}

/** The boot disk's public image family says Windows or not; any other image (custom, snapshot) says nothing. */
export function isWindowsImage(image: string): boolean | undefined {
  const t = image.trim().toLowerCase();
  if (!t || isNone(t)) return undefined;
  if (/^windows-|windows-server|sql-\d+.*-win/.test(t)) return true;
  if (/^(debian|ubuntu|centos|rhel|rocky-linux|almalinux|sles|suse|opensuse|cos|fedora-coreos|oracle-linux)-/.test(t)) return false;
  return undefined;
}

function diskTables(ctx: Ctx): Array<{ t: TableRead; boot: boolean | undefined }> {
  const out: Array<{ t: TableRead; boot: boolean | undefined }> = [];
  for (const tbl of Array.from(ctx.index.root.querySelectorAll('table'))) {
    const t = readTable(tbl);
    if (!t || columnOf(t, C.name) === undefined || columnOf(t, C.encryption) === undefined) continue;
    const heading = norm(headingBefore(tbl, ctx.index.root));
    const boot = H.bootDisk.some((h) => heading.startsWith(norm(h))) ? true : H.additionalDisks.some((h) => heading.startsWith(norm(h))) ? false : undefined;
    out.push({ t, boot });
  }
  return out;
}

function readDisks(ctx: Ctx, gcp: Gcp) {
  const tables = diskTables(ctx);
  if (tables.length === 0) return;
  // A boot-disk table must be among them, or the list is not the VM's whole list.
  if (!tables.some((x) => x.boot === true)) return;
  const disks: GcpDisk[] = [];
  const anchors: Anchor[] = [];
  for (const { t, boot } of tables) {
    if (t.loading || t.misaligned) return;
    for (const { cells } of t.rows) {
      const at = (headers: readonly string[]) => {
        const k = columnOf(t, headers);
        return k === undefined ? undefined : cells[k];
      };
      const name = textOf(at(C.name)).split(/\s/)[0];
      if (!/^[a-z](?:[-a-z0-9]{0,61}[a-z0-9])?$/.test(name)) return;
      const d: GcpDisk = { id: name, diskName: name };
      const device = textOf(at(C.deviceName));
      if (device && !isNone(device)) d.deviceName = device;
      if (boot !== undefined) d.boot = boot;
      const image = boot ? textOf(at(C.image)) : '';
      const windows = isWindowsImage(image);
      if (windows !== undefined) {
        gcp.isWindows = windows;
        ctx.sources['gcp.isWindows'] = `page: boot disk image ${image}`;
      }
      const encCell = at(C.encryption);
      const key = encCell ? encryptionKeyOf(textOf(encCell)) : undefined;
      if (key !== undefined) d.diskEncryptionKey = key;
      disks.push(d);
      if (encCell) anchors.push({ resourceId: ctx.id, item: d.id, element: encCell });
    }
  }
  gcp.disks = disks;
  ctx.sources['gcp.disks'] = 'page: Storage';
  ctx.anchors.push(...anchors);
}

// ---------------------------------------------------------------------------------------------

function labelsOf(el: Element, text: string): Record<string, string> | undefined {
  if (isNone(text)) return {};
  const out: Record<string, string> = {};
  for (const item of listOf(el, text)) {
    const m = /^([^:=]+?)\s*[:=]\s*(.*)$/.exec(item);
    if (!m) return undefined;
    Object.defineProperty(out, m[1].trim(), { value: m[2].trim(), enumerable: true, writable: true, configurable: true });
  }
  return out;
}

/** The heading that names the VM: its text is the VM's name. */
export function findVmHeading(doc: Document, name: string): Element | null {
  for (const h of Array.from(doc.querySelectorAll('h1, h2, [role="heading"]'))) {
    if (h.closest('[data-vmlint-host]')) continue;
    const t = textOf(h);
    if (t === name || t.split(/\s/)[0] === name) return h;
  }
  return null;
}

export function readGcpInstanceDetails(doc: Document, route: GcpRoute): PageRead {
  const empty: PageRead = { resources: [], anchors: [], fallbacks: {} };
  try {
    // The page shows this route's VM only once its heading names it (after a pushState the
    // previous VM's page is still in the DOM for a moment).
    const heading = findVmHeading(doc, route.name);
    if (!heading || !doc.body) return empty;
    const root = heading.closest('main, [role="main"]') ?? doc.body;
    const id = gcpInstanceId(route);
    const ctx: Ctx = { index: new LabelIndex(root), id, route, sources: {}, anchors: [] };
    const region = regionOfGcpZone(route.zone);
    const gcp: Gcp = { name: route.name, project: route.project, zone: route.zone };
    if (region) gcp.region = region;
    const snap: VmSnapshot = { kind: 'vm', provider: 'gcp', id, name: route.name, zone: route.zone, origin: 'page', sources: ctx.sources, gcp };
    if (region) snap.region = region;

    const mt = field(ctx, 'machineType');
    const type = mt && /^[a-z][a-z0-9-]*[a-z0-9]$/.exec(mt.text.split(/\s/)[0])?.[0];
    if (mt && type) {
      gcp.machineType = type;
      note(ctx, 'gcp.machineType', 'machineType', mt.el);
    }
    const labels = field(ctx, 'labels');
    const parsed = labels && labelsOf(labels.el, labels.text);
    if (labels && parsed) {
      gcp.labels = parsed;
      snap.tags = parsed;
      note(ctx, 'gcp.labels', 'labels', labels.el);
    }
    readNetworking(ctx, gcp, snap);
    readShielded(ctx, gcp);
    readConfidential(ctx, gcp);
    readServiceAccount(ctx, gcp);
    readMetadata(ctx, gcp);
    const del = flag(ctx, 'deletionProtection');
    if (del) {
      gcp.deletionProtection = del.on;
      note(ctx, 'gcp.deletionProtection', 'deletionProtection', del.el);
    }
    readDisks(ctx, gcp);
    return { resources: [snap], anchors: ctx.anchors, fallbacks: { [id]: heading } };
  } catch (err) {
    console.debug('vmlint: Google Cloud page not read', err);
    return empty;
  }
}
