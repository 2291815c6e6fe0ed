/**
 * Read-only DOM helpers for the Google Cloud console (an Angular app whose component class
 * prefixes change between releases): labels are found by their visible text, values are the
 * label's following sibling, tables by their header texts. Never clicks, focuses or scrolls.
 */
import { HOST_ATTR } from '../../../content/page-read';
import { readTable, textOf, type TableRead } from '../../aws/readers/dom-text';
import { GCP_LABELS, normaliseGcpLabel, type GcpLabelKey } from '../labels';

export { textOf, readTable, type TableRead };

/** Elements whose text equals a label's but that are not labels: headings, links, buttons, tabs, table headers. */
const NOT_A_LABEL = 'button, a, h1, h2, h3, h4, h5, h6, [role="heading"], [role="tab"], [role="tablist"], th, thead, script, style, template, option, select';

/** Longest text an element may hold to be taken as a label. */
const MAX_LABEL = 80;

/**
 * Every element under `root` whose visible text is one of the labels of `labels`, indexed by our
 * label key (document order, innermost element only). Built once per read: one walk of the tree.
 */
export class LabelIndex {
  private readonly byText = new Map<string, Element[]>();
  readonly all = new Set<Element>();

  constructor(
    readonly root: Element,
    private readonly labels: Record<GcpLabelKey, string[]> = GCP_LABELS.en,
  ) {
    const wanted = new Set(Object.values(labels).flat().map(normaliseGcpLabel));
    const found: Element[] = [];
    for (const el of Array.from(root.querySelectorAll('*'))) {
      // A label is a leaf or a small wrapper (text + help icon): skip containers before asking
      // for their text, which would copy the whole subtree's text on every read.
      if (el.childElementCount > 3) continue;
      const raw = el.textContent ?? '';
      if (raw.length === 0 || raw.length > MAX_LABEL * 2) continue;
      if (el.closest(`[${HOST_ATTR}]`) || el.closest(NOT_A_LABEL)) continue;
      const t = normaliseGcpLabel(textOf(el));
      if (t.length === 0 || t.length > MAX_LABEL || !wanted.has(t)) continue;
      found.push(el);
    }
    // Innermost only: `<div><span>Network</span></div>` is one label, the span.
    for (const el of found) {
      if (found.some((o) => o !== el && el.contains(o))) continue;
      const t = normaliseGcpLabel(textOf(el));
      this.all.add(el);
      const list = this.byText.get(t) ?? [];
      list.push(el);
      this.byText.set(t, list);
    }
  }

  /** Label elements for a key, in document order, optionally only those inside `within`. */
  find(key: GcpLabelKey, within?: Element): Element[] {
    const out: Element[] = [];
    for (const text of this.labels[key]) {
      for (const el of this.byText.get(normaliseGcpLabel(text)) ?? []) if (!within || within.contains(el)) out.push(el);
    }
    // Several texts of one key: back to document order.
    return out.sort((a, b) => (a === b ? 0 : a.compareDocumentPosition(b) & 4 ? -1 : 1));
  }

  /** True when `el` is a label or holds one (then it is the next pair, not a value). */
  holdsLabel(el: Element): boolean {
    if (this.all.has(el)) return true;
    for (const l of this.all) if (el.contains(l)) return true;
    return false;
  }
}

/** Decorations beside a label (help icons, tooltips): not its value. */
function isDecoration(el: Element): boolean {
  if (el.hasAttribute(HOST_ATTR)) return true;
  if (el.getAttribute('aria-hidden') === 'true') return true;
  if (el.getAttribute('role') === 'tooltip' || el.getAttribute('role') === 'button' || el.tagName === 'BUTTON') return true;
  if (/^(MAT-ICON|CFC-ICON|SVG|I)$/.test(el.tagName)) return true;
  return false;
}

/**
 * The value element of a label: its following sibling (`<dt>` → `<dd>`, `<td>` → `<td>`, a
 * label `<div>` → the value `<div>`), climbing a few levels from the label text's element while
 * it has no following sibling. A value is never another label: when the value element is missing,
 * the following sibling is the NEXT pair, and the answer is null (unknown).
 */
export function valueOfLabel(label: Element, index: LabelIndex): Element | null {
  let cur: Element | null = label;
  for (let depth = 0; cur && cur !== index.root && depth < 4; depth++, cur = cur.parentElement) {
    let next = cur.nextElementSibling;
    while (next && isDecoration(next)) next = next.nextElementSibling;
    if (next) return index.holdsLabel(next) ? null : next;
  }
  return null;
}

/** Text of a heading-like element near `el`: the nearest heading before it, looking up a few levels. */
export function headingBefore(el: Element, stop: Element): string {
  const HEADING = 'h1, h2, h3, h4, h5, h6, [role="heading"], caption, legend';
  if (el.tagName === 'TABLE') {
    const cap = el.querySelector('caption');
    if (cap) return textOf(cap);
    const label = el.getAttribute('aria-label');
    if (label) return label;
  }
  for (let cur: Element | null = el; cur && cur !== stop; cur = cur.parentElement) {
    for (let prev = cur.previousElementSibling; prev; prev = prev.previousElementSibling) {
      if (prev.matches(HEADING)) return textOf(prev);
      const inner = Array.from(prev.querySelectorAll(HEADING));
      if (inner.length) return textOf(inner[inner.length - 1]);
    }
  }
  return '';
}

/** A table's column index by any of its header texts. */
export function columnOf(t: TableRead, headers: readonly string[]): number | undefined {
  for (const h of headers) {
    const i = t.columns.get(normaliseGcpLabel(h));
    if (i !== undefined) return i;
  }
  return undefined;
}
