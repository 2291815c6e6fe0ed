/**
 * Fix templates → commands a person can paste. `{name}` takes the resource's value, POSIX-quoted
 * (rule authors never quote placeholders themselves); `{user.x}` is the user's choice and stays
 * visible; a known name whose value was not seen stays visible too, and is listed as unfilled so
 * the copy button can warn. Braces around anything else are literal text.
 */
import type { RenderedFix, RenderedStep } from '../model/finding';
import type { Fix } from '../model/rule';
import { shellQuote } from './shell-quote';

export type TemplateVars = Record<string, string | undefined>;

export interface ScopeFlags {
  /** Names a template may use (a brace pair around any other word is literal). */
  known: ReadonlySet<string>;
  /** Adds scope flags the spec wants on every command of this CLI (aws --region, gcloud --project). */
  addScope(command: string): string;
}

const PLACEHOLDER = /\{(user\.[A-Za-z][\w.]*|[A-Za-z][A-Za-z0-9]*)\}/g;

/** A template split once into literal text and placeholders (templates are few; VMs are many). */
type Part = string | { name: string; whole: string };

const parsed = new Map<string, Part[]>();

function partsOf(template: string): Part[] {
  let parts = parsed.get(template);
  if (parts) return parts;
  parts = [];
  let last = 0;
  for (const m of template.matchAll(PLACEHOLDER)) {
    if (m.index > last) parts.push(template.slice(last, m.index));
    parts.push({ name: m[1], whole: m[0] });
    last = m.index + m[0].length;
  }
  if (last < template.length) parts.push(template.slice(last));
  if (parsed.size > 5_000) parsed.clear();
  parsed.set(template, parts);
  return parts;
}

/**
 * A template's values: `vars`, overridden by the judged item's own scalar fields (strings and
 * numbers, its `id` aside), read on demand rather than merged into a copy per finding.
 */
const isEnumerable = Object.prototype.propertyIsEnumerable;

function itemValue(item: unknown, name: string): string | undefined {
  if (!item || typeof item !== 'object' || name === 'id' || !isEnumerable.call(item, name)) return undefined;
  const v = (item as Record<string, unknown>)[name];
  return typeof v === 'string' || typeof v === 'number' ? String(v) : undefined;
}

export function renderTemplate(
  template: string,
  vars: TemplateVars,
  known: ReadonlySet<string>,
): { text: string; unfilled: string[] } {
  return renderTemplateWith(template, vars, undefined, known);
}

function renderTemplateWith(
  template: string,
  vars: TemplateVars,
  item: unknown,
  known: ReadonlySet<string>,
): { text: string; unfilled: string[] } {
  const unfilled: string[] = [];
  let text = '';
  for (const part of partsOf(template)) {
    if (typeof part === 'string') {
      text += part;
      continue;
    }
    const { name, whole } = part;
    if (name.startsWith('user.')) {
      if (!unfilled.includes(whole)) unfilled.push(whole);
      text += whole;
      continue;
    }
    const own = itemValue(item, name);
    if (own === undefined && !known.has(name) && !(name in vars)) {
      text += whole;
      continue;
    }
    const value = own ?? vars[name];
    if (value === undefined || value === null) {
      if (!unfilled.includes(whole)) unfilled.push(whole);
      text += whole;
      continue;
    }
    text += shellQuote(String(value));
  }
  return { text, unfilled };
}

/** Prose (notes, console steps): values are inserted as they are, never shell-quoted. */
function renderProse(template: string, vars: TemplateVars, item: unknown): string {
  let text = '';
  for (const part of partsOf(template)) text += typeof part === 'string' ? part : (itemValue(item, part.name) ?? vars[part.name] ?? part.whole);
  return text;
}

const scoped = new WeakMap<ScopeFlags, Map<string, string>>();

function withScope(scope: ScopeFlags, run: string): string {
  let memo = scoped.get(scope);
  if (!memo) scoped.set(scope, (memo = new Map()));
  let out = memo.get(run);
  if (out === undefined) memo.set(run, (out = scope.addScope(run)));
  return out;
}

/**
 * `item`: the judged item, if any; its scalar fields (not its `id`) take precedence over `vars`,
 * as if merged into them (`{ ...vars, ...scalars(item) }`).
 */
export function renderFix(
  fix: Fix,
  steps: Array<{ run?: string; note?: string; disruptive?: boolean }>,
  vars: TemplateVars,
  scope: ScopeFlags,
  item?: unknown,
): RenderedFix {
  const cli: RenderedStep[] = steps.map((s) => {
    if (s.run === undefined) return { note: renderProse(s.note ?? '', vars, item), disruptive: false, unfilled: [] };
    const { text, unfilled } = renderTemplateWith(withScope(scope, s.run), vars, item, scope.known);
    const step: RenderedStep = { command: text, disruptive: s.disruptive ?? false, unfilled };
    if (s.note) step.note = s.note;
    return step;
  });
  const out: RenderedFix = { cli, console: (fix.console ?? []).map((t) => renderProse(t, vars, item)) };
  if (fix.terraform) out.terraform = fix.terraform;
  return out;
}
