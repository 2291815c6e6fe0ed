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

export function renderTemplate(
  template: string,
  vars: TemplateVars,
  known: ReadonlySet<string>,
): { text: string; unfilled: string[] } {
  const unfilled: string[] = [];
  const text = template.replace(PLACEHOLDER, (whole, name: string) => {
    if (name.startsWith('user.')) {
      unfilled.push(whole);
      return whole;
    }
    if (!known.has(name) && !(name in vars)) return whole;
    const value = vars[name];
    if (value === undefined || value === null) {
      unfilled.push(whole);
      return whole;
    }
    return shellQuote(String(value));
  });
  return { text, unfilled: [...new Set(unfilled)] };
}

export function renderFix(
  fix: Fix,
  steps: Array<{ run?: string; note?: string; disruptive?: boolean }>,
  vars: TemplateVars,
  scope: ScopeFlags,
): RenderedFix {
  const cli: RenderedStep[] = steps.map((s) => {
    if (s.run === undefined) {
      const note = renderTemplate(s.note ?? '', vars, scope.known);
      return { note: note.text, disruptive: false, unfilled: [] };
    }
    const { text, unfilled } = renderTemplate(scope.addScope(s.run), vars, scope.known);
    const step: RenderedStep = { command: text, disruptive: s.disruptive ?? false, unfilled };
    if (s.note) step.note = s.note;
    return step;
  });
  // Console steps and Terraform hints are prose: values are inserted as they are, never quoted.
  const prose = (t: string) => t.replace(PLACEHOLDER, (whole, name: string) => vars[name] ?? whole);
  const out: RenderedFix = { cli, console: (fix.console ?? []).map(prose) };
  if (fix.terraform) out.terraform = fix.terraform;
  return out;
}
