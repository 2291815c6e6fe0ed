/**
 * Snapshot + compiled rules → findings (DESIGN.md "Rules" and "Findings"; spec §1 verdicts).
 *
 *   applies ──false──▶ not-applicable
 *      │ true / not known (§1.3: then a pass still passes, anything else is unknown)
 *      ▼
 *   items? ──▶ check per item ──▶ one fail finding per failing item
 *      │                          none failing: unknown if an item or the list is incomplete, else pass
 *      ▼
 *   check ──▶ true pass · false fail · missing field unknown
 *
 * Only a missing field (CEL `no such key`) or a helper's UnknownValue makes a verdict unknown; any
 * other evaluation error is a bug in the rule: reported as unknown with the error as the reason
 * (and the examples test fails on it).
 */
import type { Evidence, Finding, Status } from '../model/finding';
import { SEVERITIES, type Severity } from '../model/rule';
import { SENSITIVE_PATHS, type ResourceSnapshot } from '../model/snapshot';
import { scopeFor, templateVarsFor } from '../providers/template-vars';
import type { CompiledRule } from './compile';
import { renderFix, type TemplateVars } from './render-fix';
import { isUnknownError, unknownReason } from './unknown';

export interface EngineConfig {
  stoppedMaxDays: number;
  restartMaxDays: number;
}
export const DEFAULT_CONFIG: EngineConfig = { stoppedMaxDays: 30, restartMaxDays: 180 };

export interface EvaluateOptions {
  /** "now" for time-based rules; defaults to the current time. */
  now?: string | Date;
  config?: Partial<EngineConfig>;
}

type Program = CompiledRule['check'];
type Outcome = { ok: true; value: unknown } | { ok: false; unknown: boolean; reason: string };

function run(program: Program, ctx: Record<string, unknown>): Outcome {
  try {
    return { ok: true, value: program(ctx) };
  } catch (err) {
    if (isUnknownError(err)) return { ok: false, unknown: true, reason: unknownReason(err) };
    return { ok: false, unknown: false, reason: `rule error: ${String((err as Error)?.message ?? err).split('\n')[0]}` };
  }
}

/** True only when the expression is known and true (a step's `when`, a severity condition). */
function holds(program: Program, ctx: Record<string, unknown>): boolean {
  const out = run(program, ctx);
  return out.ok && out.value === true;
}

function knownFalse(program: Program, ctx: Record<string, unknown>): boolean {
  const out = run(program, ctx);
  return out.ok && out.value === false;
}

/** A boolean verdict; a non-boolean result is a rule bug, not a missing field. */
function verdict(program: Program, ctx: Record<string, unknown>): { status: Status; reason?: string; bug?: boolean } {
  const out = run(program, ctx);
  if (!out.ok) return { status: 'unknown', reason: out.reason, bug: !out.unknown };
  if (typeof out.value !== 'boolean') {
    return { status: 'unknown', reason: `rule error: expected true or false, got ${typeof out.value}`, bug: true };
  }
  return { status: out.value ? 'pass' : 'fail' };
}

function lowerSeverity(s: Severity): Severity {
  const i = SEVERITIES.indexOf(s);
  return SEVERITIES[Math.min(i + 1, SEVERITIES.length - 1)];
}

function effectiveSeverity(c: CompiledRule, ctx: Record<string, unknown>, failing: boolean): Severity {
  const spec = c.rule.severity;
  if (typeof spec === 'string') return spec;
  if (!failing) return spec.level;
  for (const w of c.severityWhen) if (holds(w.test, ctx)) return w.level;
  const resource = ctx.resource as ResourceSnapshot;
  if (spec.lowerWhenNotPublic && resource.hasPublicAddress === false) return lowerSeverity(spec.level);
  return spec.level;
}

// ---------------------------------------------------------------------------------------------
// Evidence: the values at the paths the rule reads.

const MAX_LIST = 12;

function readPath(root: unknown, segments: string[]): unknown {
  let cur: unknown = root;
  for (let i = 0; i < segments.length; i++) {
    const seg = segments[i];
    if (cur === undefined || cur === null) return undefined;
    if (seg.endsWith('[]')) {
      const key = seg.slice(0, -2);
      const list = key ? (cur as Record<string, unknown>)[key] : cur;
      if (!Array.isArray(list)) return undefined;
      const rest = segments.slice(i + 1);
      return list.slice(0, MAX_LIST).map((el) => readPath(el, rest)).flat();
    }
    cur = (cur as Record<string, unknown>)[seg];
  }
  return cur;
}

/**
 * Where a displayed value was read: the longest prefix of its path that `sources` names. Keys may
 * name one list element (`aws.securityGroups[sg-1]`, `aws.volumes[vol-1]`, as the normaliser
 * writes them) or a whole list (`aws.securityGroups`); each prefix is tried as written, then
 * without its element ids.
 */
const sourceCache = new WeakMap<object, Map<string, string | undefined>>();

/** Where a path's value was read; cached per snapshot, since many rules read the same paths. */
function sourceFor(resource: ResourceSnapshot, displayPath: string): string | undefined {
  const sources = resource.sources;
  if (!sources) return undefined;
  let cache = sourceCache.get(sources);
  if (!cache) sourceCache.set(sources, (cache = new Map()));
  if (cache.has(displayPath)) return cache.get(displayPath);
  const found = lookupSource(sources, displayPath);
  cache.set(displayPath, found);
  return found;
}

function lookupSource(sources: Record<string, string>, displayPath: string): string | undefined {
  let p = displayPath;
  while (p) {
    if (Object.prototype.hasOwnProperty.call(sources, p)) return sources[p];
    const plain = p.replace(/\[[^\]]*\]/g, '');
    if (plain !== p && Object.prototype.hasOwnProperty.call(sources, plain)) return sources[plain];
    // Drop the last segment: ".name" or "[id]".
    const m = /(\.[^.[\]]*|\[[^\]]*\])$/.exec(p);
    if (!m) return undefined;
    p = p.slice(0, m.index);
  }
  return undefined;
}

/**
 * The concrete path of a judged item (`vm.aws.securityGroups[sg-1].inbound[sgr-2]`): walks the
 * element path and finds the element that IS the item (CEL's filter/map/flatten hand the snapshot's
 * own objects through), naming each list element on the way by its id. Null when not found.
 */
function locateItem(root: unknown, elementPath: string, target: unknown): string | null {
  const segs = elementPath.split('.');
  const go = (cur: unknown, i: number, shown: string): string | null => {
    if (cur === target && i === segs.length) return shown;
    if (i >= segs.length || cur === null || typeof cur !== 'object') return null;
    const seg = segs[i];
    const name = seg.replace(/(\[\])+$/, '');
    const each = (seg.length - name.length) / 2;
    let vals: Array<{ v: unknown; s: string }> = [{ v: (cur as Record<string, unknown>)[name], s: `${shown}.${name}` }];
    for (let k = 0; k < each; k++) {
      vals = vals.flatMap(({ v, s }) =>
        Array.isArray(v) ? v.map((el, idx) => ({ v: el as unknown, s: `${s}[${itemId(el, idx)}]` })) : [],
      );
    }
    for (const { v, s } of vals) {
      const found = go(v, i + 1, s);
      if (found) return found;
    }
    return null;
  };
  const [head, ...rest] = segs;
  if (rest.length === 0 || /\[\]$/.test(head)) return null;
  return go((root as Record<string, unknown>)[head], 1, head);
}

function isSensitive(path: string): boolean {
  const plain = path.replace(/\[[^\]]*\]/g, '');
  return SENSITIVE_PATHS.some((s) => plain === s || plain.startsWith(`${s}.`));
}

function masked(value: unknown): unknown {
  return value === null || value === undefined ? value : `(${String(value).length} characters, not shown)`;
}

/** A rule's evidence paths, split and classified once per compiled rule rather than per verdict. */
interface PathPlan {
  /** For an item path: the part after the item's element path ("source"); else null. */
  itemRest: string[] | null;
  itemRestText: string;
  segments: string[];
  display: string;
  sensitive: boolean;
}
const plans = new WeakMap<CompiledRule, PathPlan[]>();

function planOf(c: CompiledRule): PathPlan[] {
  let plan = plans.get(c);
  if (plan) return plan;
  const prefix = c.itemPath;
  plan = c.paths.map((path) => {
    const display = path.replace(/^(vm|resource)\./, '');
    if (prefix && path.startsWith(`${prefix}.`)) {
      const rest = path.slice(prefix.length + 1);
      return { itemRest: rest.split('.'), itemRestText: rest, segments: [], display, sensitive: isSensitive(display) };
    }
    return { itemRest: null, itemRestText: '', segments: path.split('.'), display, sensitive: isSensitive(display) };
  });
  plans.set(c, plan);
  return plan;
}

function buildEvidence(
  c: CompiledRule,
  ctx: Record<string, unknown>,
  item: { id: string; value: unknown } | undefined,
): Evidence[] {
  const resource = ctx.resource as ResourceSnapshot;
  const out: Evidence[] = [];
  const itemPrefix = c.itemPath;
  let itemAt: string | undefined;
  for (const p of planOf(c)) {
    let value: unknown;
    let display: string;
    if (p.itemRest && item && itemPrefix) {
      value = readPath(item.value, p.itemRest);
      itemAt ??= (locateItem(ctx, itemPrefix, item.value) ?? `${itemPrefix.slice(0, -2)}[${item.id}]`).replace(/^(vm|resource)\./, '');
      display = `${itemAt}.${p.itemRestText}`;
    } else if (p.itemRest) {
      continue;
    } else {
      value = readPath(ctx, p.segments);
      display = p.display;
    }
    if (value === undefined) continue;
    const ev: Evidence = { path: display, value: p.sensitive ? masked(value) : value };
    const src = sourceFor(resource, display);
    if (src) ev.source = src;
    out.push(ev);
  }
  if (c.evidence) {
    const extra = run(c.evidence, ctx);
    if (extra.ok && extra.value !== undefined) out.push({ path: 'matches', value: extra.value });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------

function itemId(value: unknown, index: number): string {
  const id = (value as { id?: unknown } | null)?.id;
  return typeof id === 'string' && id ? id : `#${index}`;
}

function scalarVars(value: unknown): TemplateVars {
  const vars: TemplateVars = {};
  if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k !== 'id' && (typeof v === 'string' || typeof v === 'number')) vars[k] = String(v);
    }
  }
  return vars;
}

interface Verdict {
  status: Status;
  reason?: string;
  item?: { id: string; value: unknown };
}

function judge(c: CompiledRule, ctx: Record<string, unknown>): Verdict[] {
  if (!c.items) {
    const v = verdict(c.check, ctx);
    return [{ status: v.status, reason: v.reason }];
  }
  const listOut = run(c.items, ctx);
  if (!listOut.ok) return [{ status: 'unknown', reason: listOut.reason }];
  if (!Array.isArray(listOut.value)) return [{ status: 'unknown', reason: 'rule error: items is not a list' }];
  const fails: Verdict[] = [];
  let unknown: string | undefined;
  let bug: string | undefined;
  listOut.value.forEach((value, index) => {
    const v = verdict(c.check, { ...ctx, item: value });
    const item = { id: itemId(value, index), value };
    if (v.status === 'fail') fails.push({ status: 'fail', item });
    else if (v.bug) bug ??= `rule error: on item ${item.id}: ${v.reason!.replace(/^rule error: /, '')}`;
    else if (v.status === 'unknown') unknown ??= `${item.id}: ${v.reason}`;
  });
  // A broken check is a bug in the rule: it must surface, not hide behind other items' verdicts.
  if (bug) return [{ status: 'unknown', reason: bug }];
  if (fails.length) return fails;
  if (unknown) return [{ status: 'unknown', reason: unknown }];
  if (c.complete) {
    const done = verdict(c.complete, ctx);
    if (done.status !== 'pass') {
      return [{ status: 'unknown', reason: done.reason ?? 'only part of the list was seen, and that part passes' }];
    }
  }
  return [{ status: 'pass' }];
}

function isoNow(now: EvaluateOptions['now']): string {
  if (now === undefined) return new Date().toISOString();
  return typeof now === 'string' ? now : now.toISOString();
}

/** Every rule for this resource's provider and kind, in rule order. */
export function evaluateResource(
  rules: readonly CompiledRule[],
  resource: ResourceSnapshot,
  options: EvaluateOptions = {},
): Finding[] {
  const config = { ...DEFAULT_CONFIG, ...options.config };
  const base = { vm: resource, resource, now: isoNow(options.now), config };
  const findings: Finding[] = [];
  let vars: TemplateVars | undefined;
  // A missing field is an expected outcome here (CEL's `no such key` → unknown), and each one is an
  // Error: capturing its stack trace was the engine's largest single cost. Reasons use messages only.
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    for (const c of rules) {
      if (c.rule.provider !== resource.provider || c.rule.kind !== resource.kind) continue;
      findings.push(...evaluateRule(c, base, () => (vars ??= templateVarsFor(resource))));
    }
  } finally {
    Error.stackTraceLimit = limit;
  }
  return findings;
}

export function evaluateRule(
  c: CompiledRule,
  ctx: Record<string, unknown>,
  vars: () => TemplateVars,
): Finding[] {
  const resource = ctx.resource as ResourceSnapshot;
  const { rule } = c;
  const make = (v: Verdict, severity: Severity): Finding => {
    const f: Finding = {
      ruleId: rule.id,
      resourceId: resource.id,
      provider: resource.provider,
      status: v.status,
      severity,
      title: rule.title,
      category: rule.category,
      rationale: rule.rationale,
      // Evidence explains a failure or a gap; a pass or N/A needs none (and building it for every
      // verdict was a third of the engine's time on a 10,000-VM scan).
      evidence: v.status === 'fail' || v.status === 'unknown' ? buildEvidence(c, v.item ? { ...ctx, item: v.item.value } : ctx, v.item) : [],
    };
    if (v.item) f.item = v.item.id;
    if (c.anchor) f.anchor = c.anchor;
    if (v.reason) f.reason = v.reason;
    return f;
  };

  let appliesUnknown: string | undefined;
  if (c.applies) {
    const a = verdict(c.applies, ctx);
    if (a.status === 'fail') {
      return [make({ status: 'not-applicable', reason: 'does not apply to this resource' }, effectiveSeverity(c, ctx, false))];
    }
    // A broken `applies` is a bug in the rule, whatever the check says.
    if (a.bug) return [make({ status: 'unknown', reason: a.reason }, effectiveSeverity(c, ctx, false))];
    if (a.status === 'unknown') appliesUnknown = a.reason;
  }

  let verdicts = judge(c, ctx);
  if (appliesUnknown && verdicts.some((v) => v.status !== 'pass')) {
    verdicts = [{ status: 'unknown', reason: `not known whether it applies (${appliesUnknown})` }];
  }

  return verdicts.map((v) => {
    const itemCtx = v.item ? { ...ctx, item: v.item.value } : ctx;
    const failing = v.status === 'fail';
    const f = make(v, effectiveSeverity(c, itemCtx, failing));
    if (failing) {
      const steps = c.steps
        // A step whose condition is not known is shown: it may be the one that applies.
        .filter((s) => !s.when || !knownFalse(s.when, itemCtx))
        .map((s) => s.step);
      f.fix = renderFix(rule.fix, steps, { ...vars(), ...scalarVars(v.item?.value) }, scopeFor(resource.provider));
    }
    return f;
  });
}
