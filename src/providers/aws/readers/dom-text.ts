/**
 * Small read-only DOM helpers shared by the Cloudscape readers: visible label → value element,
 * tables by header text, and text that leaves out our own badges and the console's copy buttons.
 */
import { HOST_ATTR } from '../../../content/page-read';
import { normaliseLabel } from '../labels';

/** Text of an element without our badge hosts, screen-reader-only copies, hidden elements or button labels. */
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
    // Not rendered: Cloudscape's info link carries a hidden ":" for screen readers ("IMDSv2 Info:").
    if (e.hasAttribute('hidden')) return;
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

/** Cloudscape's "Info" link beside a label (KeyValuePairs `info`): part of the label, not its value. */
function isInfoLink(el: Element): boolean {
  return (el.textContent ?? '').length < 16 && /^info$/i.test(textOf(el));
}

/** What a label looks like: the console's own attribute, a `<dt>`, Cloudscape's key-label box. */
const LABEL_LIKE = 'dt, [data-analytics^="label-for-"], [class*="key-label"]';

/**
 * The value element of a label: Cloudscape key-value pairs put the value in the label's following
 * sibling (`<dt>` → `<dd>`, or `div.key-label` → `div`); the label node itself may be nested in
 * the sibling-bearing element. A value is never another label: when the value element is missing
 * (not rendered yet, or another layout), the following sibling is the NEXT pair, and reading it
 * would give this setting another setting's value, so the answer is then null (unknown). A `<dt>`
 * without a following value has no value: the search does not climb past it.
 */
export function valueOfLabel(label: Element, stop: Element): Element | null {
  // A label text inside a <dt> (key-label div, next to an "Info" link): the value follows the <dt>.
  const dt = label.closest('dt');
  let cur: Element | null = dt && stop.contains(dt) ? dt : label;
  for (let depth = 0; cur && cur !== stop && depth < 4; depth++, cur = cur.parentElement) {
    let next = cur.nextElementSibling;
    // Skip our badge hosts and the label's own "Info" link.
    while (next && (next.hasAttribute(HOST_ATTR) || isInfoLink(next))) next = next.nextElementSibling;
    if (next) return next.matches(LABEL_LIKE) || next.querySelector(LABEL_LIKE) ? null : next;
    if (cur.tagName === 'DT') return null;
  }
  return null;
}

const LABEL_CANDIDATES = 'dt, label, [class*="key-label"], [class*="awsui_label"], span, div, th';
/** Text that equals a label but is not one: tab names, headings, links, buttons, table headers. */
const NOT_A_LABEL = 'table, button, a, h1, h2, h3, h4, h5, h6, nav, [role="tab"], [role="tablist"], [role="table"], [role="grid"]';
/** Nor is an element whose text comes from one of those (a wrapper around a heading or a tab). */
const HOLDS_NO_LABEL = 'table, h1, h2, h3, h4, h5, h6, nav, [role="tab"], [role="tablist"], [role="table"], [role="grid"]';

/**
 * Finds label elements under `root` for the given label texts, in document order: the console's
 * own `data-analytics="label-for-<Label>"` attribute, else visible text (the innermost element
 * whose own text is the label, outside tables, tabs, headings, links and buttons). The same label
 * can be shown twice (summary and a tab): every occurrence is returned.
 */
export function findLabels(root: Element, texts: readonly string[]): Element[] {
  const wanted = new Set(texts.map(normaliseLabel));
  const out: Element[] = [];
  for (const el of Array.from(root.querySelectorAll('[data-analytics^="label-for-"]'))) {
    if (el.closest(`[${HOST_ATTR}]`)) continue;
    const name = el.getAttribute('data-analytics')!.slice('label-for-'.length);
    if (wanted.has(normaliseLabel(name))) out.push(el);
  }
  if (out.length) return out;
  const matches: Element[] = [];
  for (const el of Array.from(root.querySelectorAll(LABEL_CANDIDATES))) {
    const t = el.textContent ?? '';
    if (t.length > 80) continue;
    if (el.closest(`[${HOST_ATTR}]`) || el.closest(NOT_A_LABEL) || el.querySelector(HOLDS_NO_LABEL)) continue;
    if (!wanted.has(normaliseLabel(textOf(el)))) continue;
    matches.push(el);
  }
  return matches.filter((m) => !matches.some((o) => o !== m && m.contains(o)));
}

/** The first label element for the given texts (see findLabels). */
export function findLabel(root: Element, texts: readonly string[]): Element | null {
  return findLabels(root, texts)[0] ?? null;
}

export interface TableRead {
  table: Element;
  /** Normalised header text → column index. */
  columns: Map<string, number>;
  rows: Array<{ row: Element; cells: Element[] }>;
  /** The table shows a loading state instead of its rows: its content is unknown, not empty. */
  loading: boolean;
  /** A body row's cells do not line up with the header cells: which cell is which is unknown. */
  misaligned: boolean;
}

/** Cloudscape's loading state: a StatusIndicator of type loading, or "Loading …" text. */
function isLoadingCell(cell: Element): boolean {
  return /^loading\b/i.test(textOf(cell)) || !!cell.querySelector('[class*="status-loading"]');
}

/**
 * A Cloudscape table (a real <table>) with its header texts. With a sticky header, Cloudscape adds
 * a second <table> holding only a copy of the <thead>; the rows are in the table with a <tbody>.
 */
export function readTable(container: Element | null): TableRead | null {
  if (!container) return null;
  let table: Element | null = container;
  if (container.tagName !== 'TABLE') {
    const tables = Array.from(container.querySelectorAll('table'));
    table = tables.find((t) => t.querySelector('tbody')) ?? tables[0] ?? null;
  }
  if (!table) return null;
  const columns = new Map<string, number>();
  const headRow = table.querySelector('thead tr') ?? table.querySelector('tr');
  const width = headRow?.children.length ?? 0;
  Array.from(headRow?.children ?? []).forEach((th, i) => {
    const t = normaliseLabel(textOf(th));
    if (t && !columns.has(t)) columns.set(t, i);
  });
  const rows: TableRead['rows'] = [];
  let loading = table.getAttribute('aria-busy') === 'true' || container.getAttribute('aria-busy') === 'true';
  let misaligned = false;
  for (const tr of Array.from(table.querySelectorAll('tbody tr'))) {
    if (tr === headRow) continue;
    const cells = Array.from(tr.children).filter((c) => c.tagName === 'TD' || c.tagName === 'TH');
    // Cloudscape's empty state (and its loading state) is one cell spanning the table.
    if (cells.length <= 1 && columns.size > 1) {
      if (cells[0] && isLoadingCell(cells[0])) loading = true;
      continue;
    }
    if (cells.length !== width) misaligned = true;
    rows.push({ row: tr, cells });
  }
  return { table, columns, rows, loading, misaligned };
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
