/**
 * The consoles vmlint reads, one entry per provider: its route parser and its page reader. The
 * content script asks each parser in turn; the matching route's provider picks the reader. Adding
 * a console is adding an entry here (and its hosts to the manifest and console-hosts.ts).
 */
import type { PageRead } from './page-read';
import type { PageRoute } from './page-route';
import { readAwsPage } from '../providers/aws/readers/read-page';
import { parseAwsRoute, type AwsRoute } from '../providers/aws/routes';
import { readGcpInstanceDetails } from '../providers/gcp/readers/instance-details';
import { parseGcpRoute, type GcpRoute } from '../providers/gcp/routes';

interface Console<R extends PageRoute> {
  provider: R['provider'];
  parse(href: string): R | null;
  read(doc: Document, route: R): PageRead;
}

const aws: Console<AwsRoute> = { provider: 'aws', parse: parseAwsRoute, read: readAwsPage };

const gcp: Console<GcpRoute> = { provider: 'gcp', parse: parseGcpRoute, read: readGcpInstanceDetails };

const CONSOLES = [aws, gcp] as Array<Console<PageRoute>>;

export function parseRoute(href: string): PageRoute | null {
  for (const c of CONSOLES) {
    const r = c.parse(href);
    if (r) return r;
  }
  return null;
}

export function readPage(doc: Document, route: PageRoute): PageRead {
  const c = CONSOLES.find((x) => x.provider === route.provider);
  return c ? c.read(doc, route) : { resources: [], anchors: [], fallbacks: {} };
}
