/**
 * The EC2 instances list (`#Instances:`): one snapshot per table row, from the columns the table
 * shows (people pick the columns; every one is optional, found by its header text). A row gives
 * only what its cells say: no security-group rules, volumes or metadata options (unknown). The
 * row's badge is compact (one per row), so a row has no per-setting anchors: its Instance ID cell
 * is where the compact badge hangs. Read-only; cells with text that is not a value are unknown.
 */
import type { VmSnapshot } from '../../../model/snapshot';
import { AWS_COLUMNS, normaliseLabel } from '../labels';
import { regionOfZone } from '../values';
import { cellContent, cellOf, isKnownEmpty, readTable, textOf, type TableRead } from './dom-text';
import { parseConsoleTime } from './instance-panel';

const C = AWS_COLUMNS.en;

/** A page with more rows than this is not read past it (the worker takes at most 2,000 resources). */
export const MAX_ROWS = 1_999;

const INSTANCE_ID = /^i-[0-9a-f]{8,17}$/;
const STATES = new Set(['pending', 'running', 'shutting-down', 'terminated', 'stopping', 'stopped']);
const MONITORING = new Set(['enabled', 'disabled', 'pending', 'disabling']);
const ZONE = /^[a-z]{2}(?:-[a-z]+)+-\d+[a-z](?:-[a-z0-9-]+)?$/;
const INSTANCE_TYPE = /^[a-z][a-z0-9-]*\.[a-z0-9-]+$/;
const IPV4 = /\b(?:\d{1,3}\.){3}\d{1,3}\b/g;
const IPV6 = /\b[0-9a-f]{1,4}(?::[0-9a-f]{0,4}){2,7}\b/gi;

export interface RowRead {
  snapshot: VmSnapshot;
  /** Where the row's compact badge goes: its Instance ID cell's content. */
  idCell: Element;
}

/** The instances table: a table with rows and an "Instance ID" column, outside `exclude`. */
export function findInstancesTable(doc: Document, exclude: Element | null): TableRead | null {
  const wanted = C.listInstanceId.map(normaliseLabel);
  for (const tbl of Array.from(doc.querySelectorAll('table'))) {
    if (!tbl.querySelector('tbody')) continue;
    if (exclude && exclude.contains(tbl)) continue;
    const t = readTable(tbl);
    if (t && wanted.some((w) => t.columns.has(w))) return t;
  }
  return null;
}

/** Rows of the instances list, except the instances in `skip` (the split panel's). */
export function readInstanceRows(t: TableRead, region: string | undefined, skip: ReadonlySet<string>): RowRead[] {
  // Loading rows may be the previous page's; misaligned cells would be read as other columns.
  if (t.loading || t.misaligned) return [];
  const out: RowRead[] = [];
  const seen = new Set<string>(skip);
  for (const { cells } of t.rows) {
    if (out.length >= MAX_ROWS) break;
    const idCell = cellOf(t, cells, C.listInstanceId);
    if (!idCell) return [];
    const id = textOf(idCell);
    if (!INSTANCE_ID.test(id) || seen.has(id)) continue;
    seen.add(id);
    out.push({ snapshot: readRow(t, cells, id, region), idCell: cellContent(idCell) });
  }
  return out;
}

function readRow(t: TableRead, cells: Element[], id: string, region: string | undefined): VmSnapshot {
  const sources: Record<string, string> = {};
  const aws: NonNullable<VmSnapshot['aws']> = { instanceId: id };
  const snap: VmSnapshot = { kind: 'vm', provider: 'aws', id, origin: 'page', sources, aws };
  if (region) {
    aws.region = region;
    snap.region = region;
  }
  /** A column's text, or undefined when the table has no such column or the cell is blank. */
  const get = (headers: readonly string[]): string | undefined => {
    const cell = cellOf(t, cells, headers);
    const text = cell ? textOf(cell) : '';
    return text === '' || /^loading\b/i.test(text) ? undefined : text;
  };
  const from = (path: string, headers: readonly string[]) => {
    sources[path] = `page: Instances list → ${headers[0]}`;
  };

  const name = get(C.listName);
  if (name !== undefined && !isKnownEmpty(name)) snap.name = name;

  const stateText = get(C.listState)?.toLowerCase().replace(/\s+/g, '-');
  if (stateText && STATES.has(stateText)) {
    aws.state = stateText;
    snap.state = stateText;
    from('aws.state', C.listState);
  }
  const type = get(C.listType);
  if (type && INSTANCE_TYPE.test(type)) {
    aws.instanceType = type;
    from('aws.instanceType', C.listType);
  }
  const zone = get(C.listZone);
  if (zone && ZONE.test(zone)) {
    aws.availabilityZone = zone;
    snap.zone = zone;
    from('aws.availabilityZone', C.listZone);
    const r = regionOfZone(zone);
    if (r && !aws.region) {
      aws.region = r;
      snap.region = r;
    }
  }

  // Addresses: "–" is known-empty; text that holds no address is unknown.
  const pub = get(C.listPublicIpv4);
  const pubIps = pub === undefined ? undefined : isKnownEmpty(pub) ? [] : pub.match(IPV4) ?? undefined;
  if (pubIps) {
    const ips = new Set(pubIps);
    const eip = get(C.listElasticIp);
    if (eip && !isKnownEmpty(eip)) for (const ip of eip.match(IPV4) ?? []) ips.add(ip);
    aws.publicIpv4Addresses = [...ips];
    from('aws.publicIpv4Addresses', C.listPublicIpv4);
  }
  const v6 = get(C.listIpv6);
  const v6Ips = v6 === undefined ? undefined : isKnownEmpty(v6) ? [] : v6.match(IPV6) ?? undefined;
  if (v6Ips) {
    aws.ipv6Addresses = v6Ips;
    from('aws.ipv6Addresses', C.listIpv6);
  }
  if (aws.publicIpv4Addresses && aws.ipv6Addresses) {
    snap.hasPublicAddress = aws.publicIpv4Addresses.length > 0 || aws.ipv6Addresses.length > 0;
  } else if (aws.publicIpv4Addresses?.length || aws.ipv6Addresses?.length) {
    snap.hasPublicAddress = true;
  }

  const mon = get(C.listMonitoring)?.toLowerCase();
  if (mon && MONITORING.has(mon)) {
    aws.monitoringState = mon;
    from('aws.monitoringState', C.listMonitoring);
  }
  const launch = get(C.listLaunchTime);
  const launchIso = launch && !isKnownEmpty(launch) ? parseConsoleTime(launch) : undefined;
  if (launchIso) {
    aws.launchTime = launchIso;
    from('aws.launchTime', C.listLaunchTime);
  }
  return snap;
}
