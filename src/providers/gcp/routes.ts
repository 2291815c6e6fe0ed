/**
 * Google Cloud console routes (spec/pages.md): the route is the path, the project is always the
 * `project` query parameter; the app navigates with the History API (pushState, no reload).
 *
 *   /compute/instancesDetail/zones/<zone>/instances/<name>?project=<p>[&tab=…]  → gcp-instance-details
 *
 * Other Compute pages (list, create, edit, firewalls) are not read yet: null.
 */
import { isGcpConsoleHost } from '../console-hosts';

export type GcpPageKind = 'gcp-instance-details';

export interface GcpRoute {
  provider: 'gcp';
  kind: GcpPageKind;
  /** Path and query as the console shows them, e.g. "/compute/instancesDetail/…?project=p". */
  route: string;
  project: string;
  zone: string;
  /** The VM's name. */
  name: string;
}

/** Longest route kept. */
const MAX_ROUTE = 1_024;

/** "us-central1-a", "europe-west4-b", "me-central2-c". */
const ZONE = /^[a-z]+-[a-z]+\d+-[a-z]$/;
/** RFC 1035 resource names (Compute Engine instance names). */
const NAME = /^[a-z](?:[-a-z0-9]{0,61}[a-z0-9])?$/;
/** Project ids, and the legacy domain-scoped ones ("example.com:my-project"). */
const PROJECT = /^(?:[a-z0-9][-a-z0-9.]{0,61}[a-z0-9]:)?[a-z][-a-z0-9]{4,28}[a-z0-9]$/;

const DETAILS = /^\/compute\/instancesDetail\/zones\/([^/]+)\/instances\/([^/;]+)\/?$/;

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

export function parseGcpRoute(href: string): GcpRoute | null {
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' || !isGcpConsoleHost(url.hostname)) return null;
  // Every value below goes into fix commands (`--project … --zone …`): well-formed ones only.
  const project = url.searchParams.get('project') ?? '';
  if (!PROJECT.test(project)) return null;
  const m = DETAILS.exec(url.pathname);
  if (!m) return null;
  const zone = safeDecode(m[1]);
  const name = safeDecode(m[2]);
  if (!ZONE.test(zone) || !NAME.test(name)) return null;
  return { provider: 'gcp', kind: 'gcp-instance-details', route: `${url.pathname}${url.search}`.slice(0, MAX_ROUTE), project, zone, name };
}

/** The resource id of findings (DESIGN.md "Findings"). */
export function gcpInstanceId(r: Pick<GcpRoute, 'project' | 'zone' | 'name'>): string {
  return `projects/${r.project}/zones/${r.zone}/instances/${r.name}`;
}

/** "us-central1-a" → "us-central1". */
export function regionOfGcpZone(zone: string): string | undefined {
  return /^([a-z]+-[a-z]+\d+)-[a-z]$/.exec(zone)?.[1];
}
