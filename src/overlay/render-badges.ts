/**
 * Keeps one badge host per failing finding beside its setting. A host is appended as the LAST
 * CHILD of the value's element (a sibling inside a <dl> or CSS grid would shift the layout), and is
 * re-attached when the console re-renders that node. Hosts that are already in place are left
 * alone, so a re-render of the list does not make badges flicker. A list row (`read.compact`) gets
 * ONE host for all its failing findings, keyed by its resource, carrying the worst finding's rule
 * and severity and `data-vmlint-count`.
 */
import { h, render } from 'preact';
import type { Finding } from '../model/finding';
import { HOST_ATTR, type PageRead } from '../content/page-read';
import { anchorFor } from './anchor-for';
import { Badge } from './Badge';
import { byWorst, CompactBadge } from './CompactBadge';
import { OVERLAY_CSS } from './styles';

interface Mounted {
  host: HTMLElement;
  mount: HTMLElement;
  json: string;
  /** Failing findings this host shows: 1, or a list row's count. */
  count: number;
}

interface Wanted {
  anchor: Element;
  /** The finding whose rule, severity and item the host carries (a row's worst). */
  lead: Finding;
  /** A list row's failing findings, worst first; undefined for a per-setting badge. */
  row?: Finding[];
}

const keyOf = (f: Finding) => `${f.ruleId}\u0000${f.resourceId}\u0000${f.item ?? ''}`;
/** A row's one host is keyed by its resource: it stays put while the row's findings change. */
const rowKey = (resourceId: string) => `row\u0000${resourceId}`;

export class BadgeLayer {
  private readonly mounted = new Map<string, Mounted>();

  constructor(private readonly doc: Document) {}

  /** Renders badges for the failing findings; returns how many failing findings are on the page. */
  render(findings: readonly Finding[], read: PageRead): number {
    const wanted = new Map<string, Wanted>();
    const compact = read.compact;
    const rows = new Map<string, Finding[]>();
    for (const f of findings) {
      if (f.status !== 'fail') continue;
      if (compact && Object.prototype.hasOwnProperty.call(compact, f.resourceId)) {
        const list = rows.get(f.resourceId);
        if (list) list.push(f);
        else rows.set(f.resourceId, [f]);
        continue;
      }
      const anchor = anchorFor(f, read);
      if (anchor && anchor.isConnected) wanted.set(keyOf(f), { anchor, lead: f });
    }
    for (const [id, list] of rows) {
      const anchor = compact![id];
      if (!anchor?.isConnected) continue;
      list.sort(byWorst);
      wanted.set(rowKey(id), { anchor, lead: list[0], row: list });
    }
    for (const [key, m] of this.mounted) {
      if (!wanted.has(key)) this.unmount(key, m);
    }
    for (const [key, w] of wanted) {
      const { anchor } = w;
      const json = JSON.stringify(w.row ?? w.lead);
      let m = this.mounted.get(key);
      if (!m) {
        m = this.create();
        this.mounted.set(key, m);
      }
      if (m.host.parentElement !== anchor || anchor.lastElementChild !== m.host && !isOursAfter(m.host)) {
        anchor.appendChild(m.host);
      }
      if (m.json !== json) {
        m.json = json;
        m.count = w.row?.length ?? 1;
        setAttrs(m.host, w.lead, w.row?.length);
        render(w.row ? h(CompactBadge, { findings: w.row, label: labelOf(w.row) }) : h(Badge, { finding: w.lead }), m.mount);
      }
    }
    let shown = 0;
    for (const m of this.mounted.values()) if (m.host.isConnected) shown += m.count;
    return shown;
  }

  clear(): void {
    for (const [key, m] of this.mounted) this.unmount(key, m);
  }

  private create(): Mounted {
    const host = this.doc.createElement('span');
    host.setAttribute(HOST_ATTR, '');
    const root = host.attachShadow({ mode: 'open' });
    const style = this.doc.createElement('style');
    style.textContent = OVERLAY_CSS;
    const mount = this.doc.createElement('span');
    root.append(style, mount);
    return { host, mount, json: '', count: 0 };
  }

  private unmount(key: string, m: Mounted): void {
    render(null, m.mount);
    m.host.remove();
    this.mounted.delete(key);
  }
}

function labelOf(row: Finding[]): string {
  const n = row.length;
  return `${row[0].resourceId}: ${n} ${n === 1 ? 'setting' : 'settings'} not met`;
}

/** Several badges on one value sit together at its end: a host followed only by hosts is fine. */
function isOursAfter(host: Element): boolean {
  for (let n = host.nextElementSibling; n; n = n.nextElementSibling) if (!n.hasAttribute(HOST_ATTR)) return false;
  return true;
}

function setAttrs(host: HTMLElement, f: Finding, count?: number): void {
  host.setAttribute('data-vmlint-rule', f.ruleId);
  host.setAttribute('data-vmlint-severity', f.severity);
  host.setAttribute('data-vmlint-resource', f.resourceId);
  if (f.item) host.setAttribute('data-vmlint-item', f.item);
  else host.removeAttribute('data-vmlint-item');
  if (count !== undefined) host.setAttribute('data-vmlint-count', String(count));
  else host.removeAttribute('data-vmlint-count');
}
