/**
 * Small read-only DOM helpers shared by the Cloudscape readers: visible label → value element,
 * tables by header text, and text that leaves out our own badges and the console's copy buttons.
 */
import { HOST_ATTR } from '../../../content/page-read';
import { normaliseLabel } from '../labels';

/** Text of an element without our badge hosts, screen-reader-only copies or button labels. */
export function textOf(el: Element | null | undefined): string {
  if (!el) return '';
  let out = '';
  const walk = (n: Node) => {
    if (n.nodeType === 3) {
      out += n.nodeValue ?? '';
      return;
    }
    if (n.nodeType !== 1) return;
    const e = n as Element;
    if (e.hasAttribute(HOST_ATTR) || e.tagName === 'BUTTON' || e.tagName === 'SCRIPT' || e.tagName === 'STYLE') return;
    if (e.getAttribute('aria-hidden') === 'true' && e.tagName !== 'SPAN') return;
    for (const c of Array.from(e.childNodes)) walk(c);
    if (/^(DIV|P|LI|TR|BR)$/.test(e.tagName)) out += ' ';
  };
  walk(el);
  return out.replace(/\s+/g, ' ').trim();
}

/** "–", "-", "—" mean "shown, and empty" (spec/pages.md). */
export function isKnownEmpty(text: string): boolean {
  return /^[-–—]$/.test(text.trim());
}

/**
 * The value element of a label: Cloudscape key-value pairs put the value in the label's following
 * sibling (`<dt>` → `<dd>`, or `div.key-label` → `div`); the label node itself may be nested in
 * the sibling-bearing element.
 */
export function valueOfLabel(label: Element, stop: Element): Element | null {
  let cur: Element | null = label;
  for (let depth = 0; cur && cur !== stop && depth < 4; depth++, cur = cur.parentElement) {
    const next = cur.nextElementSibling;
    if (next && !next.hasAttribute(HOST_ATTR)) return next;
  }
  return null;
}

const LABEL_CANDIDATES = 'dt, label, [class*="key-label"], [class*="awsui_label"], span, div, th';

/**
 * Finds label elements under `root` for the given label texts: first the console's own
 * `data-analytics="label-for-<Label>"` attribute, then visible text.
 */
export function findLabel(root: Element, texts: readonly string[]): Element | null {
  const wanted = new Set(texts.map(normaliseLabel));
  for (const el of Array.from(root.querySelectorAll('[data-analytics^="label-for-"]'))) {
    const name = el.getAttribute('data-analytics')!.slice('label-for-'.length);
    if (wanted.has(normaliseLabel(name))) return el;
  }
  // Visible-text fallback: the smallest element whose own text is the label.
  let best: Element | null = null;
  for (const el of Array.from(root.querySelectorAll(LABEL_CANDIDATES))) {
    if (el.closest(`[${HOST_ATTR}]`) || el.closest('table')) continue;
    const t = el.textContent ?? '';
    if (t.length > 80) continue;
    if (!wanted.has(normaliseLabel(textOf(el)))) continue;
    if (!best || best.contains(el)) best = el;
  }
  return best;
}

export interface TableRead {
  table: Element;
  /** Normalised header text → column index. */
  columns: Map<string, number>;
  rows: Array<{ row: Element; cells: Element[] }>;
}

/** A Cloudscape table (a real <table>) with its header texts. */
export function readTable(container: Element | null): TableRead | null {
  if (!container) return null;
  const table = container.tagName === 'TABLE' ? container : container.querySelector('table');
  if (!table) return null;
  const columns = new Map<string, number>();
  const headRow = table.querySelector('thead tr') ?? table.querySelector('tr');
  Array.from(headRow?.children ?? []).forEach((th, i) => {
    const t = normaliseLabel(textOf(th));
    if (t && !columns.has(t)) columns.set(t, i);
  });
  const rows: TableRead['rows'] = [];
  for (const tr of Array.from(table.querySelectorAll('tbody tr'))) {
    const cells = Array.from(tr.children).filter((c) => c.tagName === 'TD' || c.tagName === 'TH');
    // Cloudscape's empty state is one cell spanning the table.
    if (cells.length <= 1 && columns.size > 1) continue;
    rows.push({ row: tr, cells });
  }
  return { table, columns, rows };
}

/** The cell of `key` in a row, by any of its header texts. */
export function cellOf(t: TableRead, cells: Element[], headers: readonly string[]): Element | undefined {
  for (const h of headers) {
    const i = t.columns.get(normaliseLabel(h));
    if (i !== undefined) return cells[i];
  }
  return undefined;
}

/** The element a badge should hang in: Cloudscape's cell content div, else the cell. */
export function cellContent(cell: Element): Element {
  return cell.querySelector('[class*="body-cell-content"]') ?? cell;
}
