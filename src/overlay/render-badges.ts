/**
 * Keeps one badge host per failing finding beside its setting. A host is appended as the LAST
 * CHILD of the value's element (a sibling inside a <dl> or CSS grid would shift the layout), and is
 * re-attached when the console re-renders that node. Hosts that are already in place are left
 * alone, so a re-render of the list does not make badges flicker.
 */
import { h, render } from 'preact';
import type { Finding } from '../model/finding';
import { HOST_ATTR, type PageRead } from '../content/page-read';
import { anchorFor } from './anchor-for';
import { Badge } from './Badge';
import { OVERLAY_CSS } from './styles';

interface Mounted {
  host: HTMLElement;
  mount: HTMLElement;
  json: string;
}

const keyOf = (f: Finding) => `${f.ruleId}\u0000${f.resourceId}\u0000${f.item ?? ''}`;

export class BadgeLayer {
  private readonly mounted = new Map<string, Mounted>();

  constructor(private readonly doc: Document) {}

  /** Renders badges for the failing findings; returns how many are on the page. */
  render(findings: readonly Finding[], read: PageRead): number {
    const wanted = new Map<string, { f: Finding; anchor: Element }>();
    for (const f of findings) {
      if (f.status !== 'fail') continue;
      const anchor = anchorFor(f, read);
      if (anchor && anchor.isConnected) wanted.set(keyOf(f), { f, anchor });
    }
    for (const [key, m] of this.mounted) {
      if (!wanted.has(key)) this.unmount(key, m);
    }
    for (const [key, { f, anchor }] of wanted) {
      const json = JSON.stringify(f);
      let m = this.mounted.get(key);
      if (!m) {
        m = this.create(f);
        this.mounted.set(key, m);
      }
      if (m.host.parentElement !== anchor || anchor.lastElementChild !== m.host && !isOursAfter(m.host)) {
        anchor.appendChild(m.host);
      }
      if (m.json !== json) {
        m.json = json;
        setAttrs(m.host, f);
        render(h(Badge, { finding: f }), m.mount);
      }
    }
    let shown = 0;
    for (const m of this.mounted.values()) if (m.host.isConnected) shown++;
    return shown;
  }

  clear(): void {
    for (const [key, m] of this.mounted) this.unmount(key, m);
  }

  private create(f: Finding): Mounted {
    const host = this.doc.createElement('span');
    host.setAttribute(HOST_ATTR, '');
    const root = host.attachShadow({ mode: 'open' });
    const style = this.doc.createElement('style');
    style.textContent = OVERLAY_CSS;
    const mount = this.doc.createElement('span');
    root.append(style, mount);
    setAttrs(host, f);
    render(h(Badge, { finding: f }), mount);
    return { host, mount, json: JSON.stringify(f) };
  }

  private unmount(key: string, m: Mounted): void {
    render(null, m.mount);
    m.host.remove();
    this.mounted.delete(key);
  }
}

/** Several badges on one value sit together at its end: a host followed only by hosts is fine. */
function isOursAfter(host: Element): boolean {
  for (let n = host.nextElementSibling; n; n = n.nextElementSibling) if (!n.hasAttribute(HOST_ATTR)) return false;
  return true;
}

function setAttrs(host: HTMLElement, f: Finding): void {
  host.setAttribute('data-vmlint-rule', f.ruleId);
  host.setAttribute('data-vmlint-severity', f.severity);
  host.setAttribute('data-vmlint-resource', f.resourceId);
  if (f.item) host.setAttribute('data-vmlint-item', f.item);
  else host.removeAttribute('data-vmlint-item');
}
