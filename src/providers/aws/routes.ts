/**
 * EC2 console routes (spec/pages.md): the route lives in the hash of
 * `https://<region>.console.aws.amazon.com/ec2/home?region=<region>#<Route>` (older `/ec2/v2/home`,
 * multi-session `<session>.<region>.console…`, other partitions).
 */
import { isAwsConsoleHost } from '../console-hosts';

export type AwsPageKind = 'aws-instance-details' | 'aws-instances-list';

export interface AwsRoute {
  provider: 'aws';
  kind: AwsPageKind;
  /** The hash route, e.g. "InstanceDetails:instanceId=i-0abc…". */
  route: string;
  region?: string;
  instanceId?: string;
}

const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;

/** Longest route kept: list filters can make the hash very long; the rest is not needed. */
const MAX_ROUTE = 1_024;

/** A malformed escape ("100%") is kept as written rather than failing the whole route. */
function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** Hash parameters after the route name: "InstanceDetails:instanceId=i-1;tab=security". */
function hashParams(rest: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of rest.split(/[;&]/)) {
    const eq = part.indexOf('=');
    if (eq > 0) out[safeDecode(part.slice(0, eq))] = safeDecode(part.slice(eq + 1));
  }
  return out;
}

export function parseAwsRoute(href: string): AwsRoute | null {
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' || !isAwsConsoleHost(url.hostname)) return null;
  if (!/^\/ec2(\/v2)?\/home/.test(url.pathname)) return null;
  const hash = url.hash.replace(/^#/, '');
  const colon = hash.indexOf(':');
  const name = colon >= 0 ? hash.slice(0, colon) : hash;
  const params = hashParams(colon >= 0 ? hash.slice(colon + 1) : '');
  // The region goes into every fix command (`--region …`): only a well-formed region name is taken.
  const asked = url.searchParams.get('region');
  const region = (asked && REGION.test(asked) ? asked : null) ?? regionFromHost(url.hostname) ?? undefined;
  const base = { provider: 'aws' as const, route: hash.slice(0, MAX_ROUTE), ...(region ? { region } : {}) };
  if (name === 'InstanceDetails' && /^i-[0-9a-f]{8,17}$/.test(params.instanceId ?? '')) {
    return { ...base, kind: 'aws-instance-details', instanceId: params.instanceId };
  }
  if (name === 'Instances') return { ...base, kind: 'aws-instances-list' };
  return null;
}

/** "us-east-1.console.aws.amazon.com" or "<session>.us-east-1.console…" → "us-east-1". */
function regionFromHost(host: string): string | null {
  return /(?:^|\.)([a-z]{2}(?:-[a-z]+)+-\d+)\.console\./.exec(host)?.[1] ?? null;
}
