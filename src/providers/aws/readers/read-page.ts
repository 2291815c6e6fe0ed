/**
 * EC2 page → snapshots + anchors, per route kind. Details page: the instance of the route. List
 * page: the instance in the split panel (the selected row's details), and every other row of the
 * instances table from its visible columns (one compact badge per row). Never throws: a page that
 * cannot be read gives no resources.
 */
import type { PageRead } from '../../../content/page-read';
import type { AwsRoute } from '../routes';
import { textOf } from './dom-text';
import { readInstancePanel } from './instance-panel';
import { findInstancesTable, readInstanceRows } from './instance-rows';

// The name is everything between the first "(" and the last ")": names may hold parentheses.
const HEADING = /(?:Instance summary for|Instance:)\s*(i-[0-9a-f]{8,17})\b(?:\s*\((.*)\))?/;

interface Found {
  id: string;
  name?: string;
  heading: Element;
  root: Element;
}

/** The panel that holds an instance's labels: the heading's nearest ancestor with tabs or labels. */
function panelRoot(heading: Element, doc: Document): Element {
  for (let el: Element | null = heading.parentElement; el; el = el.parentElement) {
    if (el.querySelector('[role="tablist"], [data-analytics^="label-for-"]')) return el;
  }
  return doc.body;
}

function findHeadings(doc: Document): Found[] {
  const out: Found[] = [];
  const seen = new Set<string>();
  const candidates = doc.querySelectorAll('[data-testid="header-title"], h1, h2');
  for (const h of Array.from(candidates)) {
    const m = HEADING.exec(textOf(h));
    if (!m || seen.has(m[1])) continue;
    seen.add(m[1]);
    out.push({ id: m[1], ...(m[2] ? { name: m[2] } : {}), heading: h, root: panelRoot(h, doc) });
  }
  return out;
}

export function readAwsPage(doc: Document, route: AwsRoute): PageRead {
  const empty: PageRead = { resources: [], anchors: [], fallbacks: {} };
  try {
    const found = findHeadings(doc);
    const target =
      route.kind === 'aws-instance-details'
        ? found.find((f) => f.id === route.instanceId)
        : found.find((f) => /^Instance:/.test(textOf(f.heading).trim())) ?? found[0];
    const out: PageRead = { resources: [], anchors: [], fallbacks: {} };
    if (target) {
      const { snapshot, anchors } = readInstancePanel(target.root, target.id, route.region);
      if (!snapshot.name && target.name) snapshot.name = target.name;
      out.resources.push(snapshot);
      out.anchors = anchors;
      out.fallbacks[target.id] = target.heading;
    }
    if (route.kind === 'aws-instances-list') {
      // Each other row gets its own snapshot from the visible columns; the split panel's instance
      // is read from the panel only (richer, and never two snapshots with one id).
      const exclude = target && target.root !== doc.body ? target.root : null;
      const table = findInstancesTable(doc, exclude);
      const rows = table ? readInstanceRows(table, route.region, new Set(target ? [target.id] : [])) : [];
      if (rows.length) {
        const compact: Record<string, Element> = {};
        for (const row of rows) {
          out.resources.push(row.snapshot);
          compact[row.snapshot.id] = row.idCell;
          out.fallbacks[row.snapshot.id] = row.idCell;
        }
        out.compact = compact;
      }
    }
    return out.resources.length ? out : empty;
  } catch (err) {
    console.debug('vmlint: EC2 page not read', err);
    return empty;
  }
}
