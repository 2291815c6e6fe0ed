/**
 * Reads one EC2 instance's settings from its details view: the instance details page, or the
 * instances list's split panel (same labels and tabs). Every setting the page does not show stays
 * absent (unknown); a value of "–" is known-empty. Each value's element becomes an anchor so the
 * badge can sit beside it. Read-only: never clicks, focuses or scrolls.
 */
import type { AwsSecurityGroup, AwsSgRule, AwsVolume, AwsNetworkInterface, VmSnapshot } from '../../../model/snapshot';
import type { Anchor } from '../../../content/page-read';
import { AWS_COLUMNS, AWS_HEADINGS, AWS_LABELS, normaliseLabel, type AwsLabelKey } from '../labels';
import { regionOfZone, stoppedAtOf } from '../values';
import { portsOf } from '../permissions';
import { cellContent, cellOf, findLabels, isKnownEmpty, readTable, textOf, valueOfLabel, type TableRead } from './dom-text';

const L = AWS_LABELS.en;
const C = AWS_COLUMNS.en;
const H = AWS_HEADINGS.en;

/** Rules of a direction whose group the page does not say (no group column, several groups). */
const UNASSIGNED = '(unassigned)';

const IPV4 = /\b(?:\d{1,3}\.){3}\d{1,3}\b/g;
const IPV6 = /\b[0-9a-f]{1,4}(?::[0-9a-f]{0,4}){2,7}\b/gi;

export interface PanelRead {
  snapshot: VmSnapshot;
  anchors: Anchor[];
}

interface Ctx {
  root: Element;
  id: string;
  sources: Record<string, string>;
  anchors: Anchor[];
}

/**
 * A label's value text and element, or undefined when the page does not show the label or its
 * value. The same label can be shown twice (summary and a tab): the first occurrence with a value.
 */
function field(ctx: Ctx, key: AwsLabelKey): { text: string; el: Element } | undefined {
  for (const label of findLabels(ctx.root, L[key])) {
    const el = valueOfLabel(label, ctx.root);
    if (!el) continue;
    const text = textOf(el);
    if (text === '' || /^loading/i.test(text)) continue;
    return { text, el };
  }
  return undefined;
}

/**
 * A table that shows its rows. A table still loading is not shown (unknown, not empty), nor is one
 * whose rows do not line up with its headers (a cell would be read as another column's).
 */
function shown(t: TableRead | null): TableRead | null {
  return t && !t.loading && !t.misaligned ? t : null;
}

/** An on/off setting ("Enabled", "Required", "true", …): its value and element, else undefined. */
function flag(ctx: Ctx, key: AwsLabelKey): { on: boolean; el: Element } | undefined {
  const f = field(ctx, key);
  const on = f ? onOff(f.text) : undefined;
  return f && on !== undefined ? { on, el: f.el } : undefined;
}

function note(ctx: Ctx, path: string, key: AwsLabelKey, el: Element) {
  ctx.sources[path] = `page: ${L[key][0]}`;
  ctx.anchors.push({ resourceId: ctx.id, path, element: el });
}

function onOff(text: string): boolean | undefined {
  const t = text.toLowerCase();
  if (/^(enabled|enable|on|true|yes|required|start|started)\b/.test(t)) return true;
  if (/^(disabled|disable|off|false|no|optional|stop|stopped)\b/.test(t)) return false;
  return undefined;
}

/** "Fri Nov 20 2026 09:14:03 GMT+0000 (Coordinated Universal Time)" and similar → ISO. */
export function parseConsoleTime(text: string): string | undefined {
  const attempts = [text, text.replace(/\s*\([^)]*\)\s*$/, ''), text.replace(/\s*\([^)]*\)/g, '')];
  for (const a of attempts) {
    const t = Date.parse(a);
    if (!Number.isNaN(t)) return new Date(t).toISOString();
  }
  return undefined;
}

/** Console protocol names → what the API says ("All" → "-1"). */
function protocolOf(text: string, typeText: string): string {
  const t = text.trim().toLowerCase();
  if (t === 'all' || t === '-1' || /^all traffic$/i.test(typeText)) return '-1';
  if (t === 'icmpv6' || t === 'ipv6-icmp') return 'icmpv6';
  return t || typeText.toLowerCase();
}

/** "22", "0 - 65535", "All", "N/A" → range strings for the protocol. */
function portsFromText(protocol: string, text: string): string[] {
  const t = text.replace(/\s+/g, '');
  if (/^all$/i.test(t)) return protocol === 'icmp' || protocol === 'icmpv6' ? [] : ['*'];
  const m = /^(\d+)(?:-(\d+))?$/.exec(t);
  if (!m) return portsOf(protocol, undefined, undefined);
  return portsOf(protocol, Number(m[1]), Number(m[2] ?? m[1]));
}

function groupLinks(root: Element): Array<{ groupId: string; groupName?: string; el: Element }> {
  const out = new Map<string, { groupId: string; groupName?: string; el: Element }>();
  const links = root.querySelectorAll('a[data-analytics="security-groups-link"]');
  // Without the console's attribute: links that read "sg-… (name)", but not inside a table (a rule
  // whose source is another group links to that group, which is not attached to the instance).
  const candidates = links.length
    ? Array.from(links)
    : Array.from(root.querySelectorAll('a')).filter((a) => !a.closest('table'));
  for (const a of candidates) {
    const m = /^(sg-[0-9a-f]+)\s*(?:\((.+)\))?$/.exec(textOf(a));
    if (m && !out.has(m[1])) out.set(m[1], { groupId: m[1], ...(m[2] ? { groupName: m[2].trim() } : {}), el: a });
  }
  return [...out.values()];
}

function rulesFromTable(
  ctx: Ctx,
  t: TableRead,
  egress: boolean,
  nameToId: Map<string, string>,
): Array<{ rule: AwsSgRule; groupKey: string | undefined }> {
  const out: Array<{ rule: AwsSgRule; groupKey: string | undefined }> = [];
  t.rows.forEach(({ cells }, i) => {
    const get = (h: readonly string[]) => textOf(cellOf(t, cells, h));
    const typeText = get(C.type);
    const protocol = protocolOf(get(C.protocol), typeText);
    const ports = portsFromText(protocol, get(C.portRange));
    const sourceCell = cellOf(t, cells, egress ? C.destination : C.source) ?? cellOf(t, cells, C.source);
    const sourceText = textOf(sourceCell);
    const source = (/^(sg-[0-9a-f]+|pl-[0-9a-f]+)/.exec(sourceText)?.[1] ?? sourceText.split(/\s/)[0]) || '';
    const ruleId = /sgr-[0-9a-f]+/.exec(get(C.ruleId))?.[0];
    const groupText = get(C.groups);
    const groupId = /sg-[0-9a-f]+/.exec(groupText)?.[0] ?? nameToId.get(groupText.trim());
    const rule: AwsSgRule = {
      id: ruleId ?? `${groupId ?? 'sg-?'}/${egress ? 'out' : 'in'}/${protocol}/${ports.join(',') || 'none'}/${source}#${i}`,
      protocol,
      ports,
      source,
    };
    if (ruleId) rule.securityGroupRuleId = ruleId;
    if (groupId) rule.groupId = groupId;
    const desc = get(C.description);
    if (desc) rule.description = isKnownEmpty(desc) ? null : desc;
    out.push({ rule, groupKey: groupId });
    if (!egress && sourceCell) ctx.anchors.push({ resourceId: ctx.id, item: rule.id, element: cellContent(sourceCell) });
  });
  return out;
}

function readSecurity(ctx: Ctx): AwsSecurityGroup[] | undefined {
  const links = groupLinks(ctx.root);
  const inboundTable = shown(readTable(ctx.root.querySelector('[data-analytics="inbound-rules"]')));
  const outboundTable = shown(readTable(ctx.root.querySelector('[data-analytics="outbound-rules"]')));
  if (links.length === 0 && !inboundTable) return undefined;
  const groups = new Map<string, AwsSecurityGroup>();
  const nameToId = new Map<string, string>();
  for (const l of links) {
    groups.set(l.groupId, { id: l.groupId, groupId: l.groupId, ...(l.groupName ? { groupName: l.groupName } : {}) });
    if (l.groupName) nameToId.set(l.groupName, l.groupId);
    // Group-level findings (the default group) sit beside the group's link.
    ctx.anchors.push({ resourceId: ctx.id, item: l.groupId, element: l.el.parentElement ?? l.el });
  }
  ctx.sources['aws.securityGroups'] = 'page: Security tab';
  const place = (entries: Array<{ rule: AwsSgRule; groupKey: string | undefined }>, dir: 'inbound' | 'outbound') => {
    // The table lists the rules of every attached group. With one group, every rule is its own.
    const only = groups.size === 1 ? [...groups.keys()][0] : undefined;
    const placed = entries.map((e) => ({ rule: e.rule, key: e.groupKey ?? only }));
    // Every rule's group known: each group's list is complete (possibly empty). Otherwise (no group
    // column and several groups) a group's list is unknown unless a rule is known to be in it, and
    // the rules whose group is unknown are kept, still judged one by one, in a group with no name
    // and no group id of their own (so no fix is filled in with a wrong group).
    if (placed.every((p) => p.key !== undefined)) {
      for (const g of groups.values()) if (g.id !== UNASSIGNED) g[dir] ??= [];
    }
    for (const { rule, key } of placed) {
      let g = groups.get(key ?? UNASSIGNED);
      if (!g) {
        g = { id: key ?? UNASSIGNED, groupId: key ?? UNASSIGNED };
        groups.set(key ?? UNASSIGNED, g);
      }
      if (key !== undefined) {
        if (g.groupName) rule.groupName = g.groupName;
        rule.groupId ??= g.groupId;
      }
      (g[dir] ??= []).push(rule);
    }
  };
  if (inboundTable) place(rulesFromTable(ctx, inboundTable, false, nameToId), 'inbound');
  if (outboundTable) place(rulesFromTable(ctx, outboundTable, true, nameToId), 'outbound');
  // A group whose rules tables were not shown keeps `inbound` absent (unknown).
  if (!inboundTable) for (const g of groups.values()) delete g.inbound;
  if (!outboundTable) for (const g of groups.values()) delete g.outbound;
  return [...groups.values()];
}

function readVolumes(ctx: Ctx, rootDeviceType: string | undefined): AwsVolume[] | undefined {
  const read = readTable(ctx.root.querySelector('[data-testid="block-devices-table"]'));
  if (read && !shown(read)) return undefined;
  const t = shown(read);
  if (!t) return rootDeviceType === 'instance-store' ? [] : undefined;
  ctx.sources['aws.volumes'] = 'page: Storage tab → Block devices';
  const vols: AwsVolume[] = [];
  for (const { cells } of t.rows) {
    const volumeId = /vol-[0-9a-f]+/.exec(textOf(cellOf(t, cells, C.volumeId)))?.[0];
    if (!volumeId) continue;
    const v: AwsVolume = { id: volumeId, volumeId };
    const dev = textOf(cellOf(t, cells, C.deviceName));
    if (dev && !isKnownEmpty(dev)) v.deviceName = dev;
    const encCell = cellOf(t, cells, C.encrypted);
    const enc = textOf(encCell).toLowerCase();
    if (/^(not encrypted|unencrypted|no|false)\b/.test(enc)) v.encrypted = false;
    else if (/^(encrypted|yes|true)\b/.test(enc)) v.encrypted = true;
    const kms = textOf(cellOf(t, cells, C.kmsKeyId));
    if (kms) v.kmsKeyId = isKnownEmpty(kms) ? null : kms;
    const status = textOf(cellOf(t, cells, C.attachmentStatus));
    if (status) v.state = status.toLowerCase();
    vols.push(v);
    if (encCell) ctx.anchors.push({ resourceId: ctx.id, item: volumeId, element: cellContent(encCell) });
  }
  return vols;
}

function readInterfaces(ctx: Ctx): AwsNetworkInterface[] | undefined {
  const tables = Array.from(ctx.root.querySelectorAll('table'))
    .map((tbl) => readTable(tbl))
    .filter((t): t is TableRead => !!t && C.interfaceId.some((h) => t.columns.has(h.toLowerCase())));
  const t = shown(tables[0] ?? null);
  if (!t) return undefined;
  ctx.sources['aws.networkInterfaces'] = 'page: Networking tab → Network interfaces';
  const enis: AwsNetworkInterface[] = [];
  for (const { cells } of t.rows) {
    const id = /eni-[0-9a-f]+/.exec(textOf(cellOf(t, cells, C.interfaceId)))?.[0];
    if (!id) continue;
    const n: AwsNetworkInterface = { id, networkInterfaceId: id };
    const sdc = textOf(cellOf(t, cells, C.interfaceSourceDest));
    const b = sdc ? onOff(sdc) : undefined;
    if (b !== undefined) n.sourceDestCheck = b;
    const idx = textOf(cellOf(t, cells, C.deviceIndex));
    if (/^\d{1,3}$/.test(idx)) n.deviceIndex = Number(idx);
    const att = /eni-attach-[0-9a-f]+/.exec(textOf(cellOf(t, cells, C.attachmentId)))?.[0];
    if (att) n.attachmentId = att;
    enis.push(n);
  }
  return enis;
}

/** The panel of the tab `[role="tab"][data-testid=<id>]` (the element its aria-controls names). */
function tabPanel(root: Element, id: string): { panel: Element | null } | undefined {
  const tab = root.querySelector(`[role="tab"][data-testid="${id}"]`);
  if (!tab) return undefined;
  const panelId = tab.getAttribute('aria-controls');
  const panel = panelId ? root.ownerDocument.getElementById(panelId) : null;
  return { panel: panel && root.contains(panel) ? panel : null };
}

/** The text of the heading nearest above a table: the first h1–h3 of its closest ancestor with one. */
function headingOf(table: Element, root: Element): string {
  for (let el = table.parentElement; el && root.contains(el); el = el.parentElement) {
    const h = el.querySelector('h1, h2, h3');
    if (h) return textOf(h);
  }
  return '';
}

/** "Tags (2)" is the heading "Tags" with Cloudscape's counter. */
function isHeading(text: string, wanted: readonly string[]): boolean {
  const t = normaliseLabel(text).replace(/\s*\(\d+\)$/, '');
  return wanted.some((w) => normaliseLabel(w) === t);
}

function isTagsTable(t: TableRead): boolean {
  return t.columns.has('key') && t.columns.has('value') && t.columns.size <= 3;
}

/**
 * The instance's tags: the table in the Tags tab's panel (or a table the console marks as its tags
 * table). A Key/Value table anywhere else (launch-template data, another resource) is not this
 * instance's tags; a Tags tab whose panel is not rendered gives unknown. Only on a page without a
 * Tags tab: a Key/Value table under a "Tags" heading.
 */
function readTags(ctx: Ctx): Record<string, string> | undefined {
  const marked = ctx.root.querySelector('[data-testid="tags-table"], [data-analytics="tags-table"]');
  let candidates: TableRead[];
  if (marked) {
    candidates = [readTable(marked)].filter((t): t is TableRead => !!t);
  } else {
    const tab = tabPanel(ctx.root, 'tags');
    if (tab && !tab.panel) return undefined;
    const scope = tab?.panel ?? ctx.root;
    candidates = Array.from(scope.querySelectorAll('table'))
      .map((tbl) => readTable(tbl))
      .filter((t): t is TableRead => !!t && (!!tab || isHeading(headingOf(t.table, ctx.root), H.tags)));
  }
  for (const t of candidates) {
    if (!isTagsTable(t)) continue;
    if (!shown(t)) return undefined;
    const tags: Record<string, string> = {};
    for (const { cells } of t.rows) {
      const k = textOf(cellOf(t, cells, C.tagKey));
      // An own property even for keys such as "__proto__" (tag keys are free text).
      if (k) Object.defineProperty(tags, k, { value: textOf(cellOf(t, cells, C.tagValue)), enumerable: true, writable: true, configurable: true });
    }
    ctx.sources.tags = 'page: Tags tab';
    return tags;
  }
  return undefined;
}

/** Reads the instance shown under `root`. `id` comes from the route or the panel heading. */
export function readInstancePanel(root: Element, id: string, region: string | undefined): PanelRead {
  const ctx: Ctx = { root, id, sources: {}, anchors: [] };
  const aws: NonNullable<VmSnapshot['aws']> = { instanceId: id };
  const snap: VmSnapshot = { kind: 'vm', provider: 'aws', id, origin: 'page', sources: ctx.sources, aws };
  if (region) {
    aws.region = region;
    snap.region = region;
  }
  const set = <K extends keyof typeof aws>(path: K, key: AwsLabelKey, el: Element, value: (typeof aws)[K]) => {
    aws[path] = value;
    note(ctx, `aws.${String(path)}`, key, el);
  };

  const state = field(ctx, 'instanceState');
  if (state && !isKnownEmpty(state.text)) {
    const s = state.text.toLowerCase().replace(/\s+/g, '-');
    set('state', 'instanceState', state.el, s);
    snap.state = s;
  }
  const type = field(ctx, 'instanceType');
  if (type && !isKnownEmpty(type.text)) set('instanceType', 'instanceType', type.el, type.text);
  const az = field(ctx, 'availabilityZone');
  if (az && !isKnownEmpty(az.text)) {
    set('availabilityZone', 'availabilityZone', az.el, az.text);
    snap.zone = az.text;
    const r = regionOfZone(az.text);
    if (r && !aws.region) {
      aws.region = r;
      snap.region = r;
    }
  }
  const vpc = field(ctx, 'vpcId');
  const vpcId = vpc && /vpc-[0-9a-f]+/.exec(vpc.text)?.[0];
  if (vpc && vpcId) set('vpcId', 'vpcId', vpc.el, vpcId);
  const subnet = field(ctx, 'subnetId');
  const subnetId = subnet && /subnet-[0-9a-f]+/.exec(subnet.text)?.[0];
  if (subnet && subnetId) set('subnetId', 'subnetId', subnet.el, subnetId);
  const platform = field(ctx, 'platform');
  if (platform) set('platform', 'platform', platform.el, isKnownEmpty(platform.text) ? null : platform.text);
  const virt = field(ctx, 'virtualizationType');
  if (virt && !isKnownEmpty(virt.text)) set('virtualizationType', 'virtualizationType', virt.el, virt.text.toLowerCase());

  const launch = field(ctx, 'launchTime');
  const launchIso = launch && parseConsoleTime(launch.text);
  if (launch && launchIso) set('launchTime', 'launchTime', launch.el, launchIso);
  const reason = field(ctx, 'stateTransitionReason');
  if (reason) {
    set('stateTransitionReason', 'stateTransitionReason', reason.el, isKnownEmpty(reason.text) ? null : reason.text);
    const at = stoppedAtOf(reason.text);
    // "(2026-13-45 25:61:61 GMT)" has the shape of a date but is none: no stop date.
    if (at && !Number.isNaN(Date.parse(at))) aws.stoppedAt = at;
  }

  const term = flag(ctx, 'terminationProtection');
  if (term) set('disableApiTermination', 'terminationProtection', term.el, term.on);
  const mon = field(ctx, 'monitoring');
  if (mon && !isKnownEmpty(mon.text)) set('monitoringState', 'monitoring', mon.el, mon.text.toLowerCase().split(/\s/)[0]);

  // Instance metadata options: only what the page shows; no defaults from a console page.
  const md: NonNullable<typeof aws.metadataOptions> = {};
  const endpoint = flag(ctx, 'metadataAccessible');
  if (endpoint) {
    md.httpEndpoint = endpoint.on ? 'enabled' : 'disabled';
    note(ctx, 'aws.metadataOptions.httpEndpoint', 'metadataAccessible', endpoint.el);
  }
  const v2 = flag(ctx, 'imdsv2');
  if (v2) {
    md.httpTokens = v2.on ? 'required' : 'optional';
    note(ctx, 'aws.metadataOptions.httpTokens', 'imdsv2', v2.el);
  }
  const hop = field(ctx, 'hopLimit');
  if (hop && /^\d{1,3}$/.test(hop.text)) {
    md.httpPutResponseHopLimit = Number(hop.text);
    note(ctx, 'aws.metadataOptions.httpPutResponseHopLimit', 'hopLimit', hop.el);
  }
  const tagsInMd = flag(ctx, 'metadataTags');
  if (tagsInMd) {
    md.instanceMetadataTags = tagsInMd.on ? 'enabled' : 'disabled';
    note(ctx, 'aws.metadataOptions.instanceMetadataTags', 'metadataTags', tagsInMd.el);
  }
  if (Object.keys(md).length) aws.metadataOptions = md;

  // Addresses: "54.210.1.23 | open address" → the address; "–" → known none.
  const pub = field(ctx, 'publicIpv4');
  const eip = field(ctx, 'elasticIp');
  if (pub) {
    const ips = new Set(isKnownEmpty(pub.text) ? [] : (pub.text.match(IPV4) ?? []));
    if (eip && !isKnownEmpty(eip.text)) for (const ip of eip.text.match(IPV4) ?? []) ips.add(ip);
    set('publicIpv4Addresses', 'publicIpv4', pub.el, [...ips]);
  }
  const v6 = field(ctx, 'ipv6');
  if (v6) set('ipv6Addresses', 'ipv6', v6.el, isKnownEmpty(v6.text) ? [] : (v6.text.match(IPV6) ?? []));
  if (aws.publicIpv4Addresses && aws.ipv6Addresses) {
    snap.hasPublicAddress = aws.publicIpv4Addresses.length > 0 || aws.ipv6Addresses.length > 0;
  } else if (aws.publicIpv4Addresses?.length) {
    snap.hasPublicAddress = true;
  }
  const auto = flag(ctx, 'autoAssignPublicIp');
  if (auto) set('autoAssignPublicIp', 'autoAssignPublicIp', auto.el, auto.on);
  const sdc = flag(ctx, 'sourceDestCheck');
  if (sdc) set('sourceDestCheck', 'sourceDestCheck', sdc.el, sdc.on);
  const role = field(ctx, 'iamRole');
  // The console shows the role name, not the profile ARN: present is what the rules need.
  if (role) set('iamInstanceProfileArn', 'iamRole', role.el, isKnownEmpty(role.text) ? null : role.text);

  const life = field(ctx, 'lifecycle');
  if (life && !isKnownEmpty(life.text)) {
    const t = life.text.toLowerCase();
    set('instanceLifecycle', 'lifecycle', life.el, /spot/.test(t) ? 'spot' : /scheduled/.test(t) ? 'scheduled' : /normal|on-demand/.test(t) ? null : t);
  }

  const rootType = field(ctx, 'rootDeviceType')?.text.toLowerCase();
  const groups = readSecurity(ctx);
  if (groups) aws.securityGroups = groups;
  const volumes = readVolumes(ctx, rootType === 'instance-store' ? 'instance-store' : undefined);
  if (volumes) aws.volumes = volumes;
  const enis = readInterfaces(ctx);
  if (enis) {
    // The instance's Source/dest. check is its primary interface's: with one interface, that is it.
    if (enis.length === 1 && aws.sourceDestCheck !== undefined && enis[0].sourceDestCheck === undefined) {
      enis[0].sourceDestCheck = aws.sourceDestCheck;
    }
    // Which kind of public address the interface holds decides the fix (disassociate an Elastic
    // IP, or stop auto-assigning): the console's "Elastic IP addresses" says which.
    if (enis.length === 1 && aws.publicIpv4Addresses && eip) {
      const eips = isKnownEmpty(eip.text) ? [] : (eip.text.match(IPV4) ?? []);
      const owner = /^\d{12}$/.exec(field(ctx, 'ownerId')?.text ?? '')?.[0];
      if (eips.length) {
        enis[0].publicIp = eips[0];
        if (owner) enis[0].ipOwnerId = owner;
      } else if (aws.publicIpv4Addresses.length) {
        enis[0].publicIp = aws.publicIpv4Addresses[0];
        enis[0].ipOwnerId = 'amazon';
      } else {
        enis[0].publicIp = null;
      }
    }
    aws.networkInterfaces = enis;
  }
  const tags = readTags(ctx);
  if (tags) {
    snap.tags = tags;
    if (tags.Name) snap.name = tags.Name;
  }
  return { snapshot: snap, anchors: ctx.anchors };
}
