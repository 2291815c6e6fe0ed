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

// One expression run, without allocating an outcome object per run (a 10,000-VM scan makes a few
// million): `test` returns a code and keeps what `lastReason` needs to explain an unknown or a bug.
const PASS = 0;
const FAIL = 1;
const UNKNOWN = 2;
const BUG = 3;
type Code = typeof PASS | typeof FAIL | typeof UNKNOWN | typeof BUG;

let lastError: unknown;
/** `typeof` of the last non-boolean verdict value, else undefined (the last code came from an error). */
let lastNonBoolean: string | undefined;

/** A boolean verdict: PASS (true), FAIL (false), UNKNOWN (missing field), BUG (any other error or a non-boolean). */
function test(program: Program, ctx: Record<string, unknown>): Code {
  let value: unknown;
  try {
    value = program(ctx);
  } catch (err) {
    lastError = err;
    lastNonBoolean = undefined;
    return isUnknownError(err) ? UNKNOWN : BUG;
  }
  if (value === true) return PASS;
  if (value === false) return FAIL;
  lastError = undefined;
  lastNonBoolean = typeof value;
  return BUG;
}

/** The reason for the last UNKNOWN or BUG code of `test` (call it before running anything else). */
function lastReason(): string {
  if (lastNonBoolean !== undefined) return `rule error: expected true or false, got ${lastNonBoolean}`;
  return errorReason(lastError);
}

function errorReason(err: unknown): string {
  if (isUnknownError(err)) return unknownReason(err);
  return `rule error: ${String((err as Error)?.message ?? err).split('\n')[0]}`;
}

/** True only when the expression is known and true (a step's `when`, a severity condition). */
function holds(program: Program, ctx: Record<string, unknown>): boolean {
  return test(program, ctx) === PASS;
}

function knownFalse(program: Program, ctx: Record<string, unknown>): boolean {
  return test(program, ctx) === FAIL;
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
function sourceFor(resource: ResourceSnapshot, displayPath: string, own?: readonly string[]): string | undefined {
  const sources = resource.sources;
  if (!sources) return undefined;
  const keys = sourceKeysOf(displayPath);
  // `own`, the object's own keys when there are few: comparing strings is cheaper than a property
  // lookup by a key built at run time (which V8 must first look up among its interned names).
  if (own && own.length <= 16) {
    for (let i = 0; i < keys.length; i++) if (own.includes(keys[i])) return sources[keys[i]];
    return undefined;
  }
  for (let i = 0; i < keys.length; i++) {
    if (Object.prototype.hasOwnProperty.call(sources, keys[i])) return sources[keys[i]];
  }
  return undefined;
}

/**
 * The keys `sourceFor` tries for a path, in order: the path, then without its `[id]`s, then the
 * same for each shorter prefix (dropping a last `.name` or `[id]` each time). A path's keys do not
 * depend on the snapshot, and the same paths (rule paths, items of shared security groups) come
 * back on every VM: they are worked out once.
 */
const sourceKeysCache = new Map<string, string[]>();

export function sourceKeysOf(displayPath: string): string[] {
  let keys = sourceKeysCache.get(displayPath);
  if (keys) return keys;
  keys = [];
  let p = displayPath;
  while (p) {
    keys.push(p);
    const plain = withoutIds(p);
    if (plain !== p) keys.push(plain);
    const cut = lastSegmentStart(p);
    if (cut < 0) break;
    p = p.slice(0, cut);
  }
  if (sourceKeysCache.size >= 20_000) sourceKeysCache.clear();
  sourceKeysCache.set(displayPath, keys);
  return keys;
}

/** `p.replace(/\[[^\]]*\]/g, '')` without a regular expression. */
function withoutIds(p: string): string {
  let open = p.indexOf('[');
  if (open < 0) return p;
  let out = '';
  let from = 0;
  while (open >= 0) {
    const close = p.indexOf(']', open + 1);
    if (close < 0) break;
    out += p.slice(from, open);
    from = close + 1;
    open = p.indexOf('[', from);
  }
  return out + p.slice(from);
}

/** Where `/(\.[^.[\]]*|\[[^\]]*\])$/` matches in `p` (its last ".name" or "[id]"), or -1. */
function lastSegmentStart(p: string): number {
  const n = p.length;
  if (n === 0) return -1;
  if (p.charCodeAt(n - 1) === 93 /* ] */) {
    if (n < 2) return -1;
    // The first '[' after the previous ']' (an id holds no ']').
    const prevClose = p.lastIndexOf(']', n - 2);
    const open = p.indexOf('[', prevClose + 1);
    return open >= 0 && open <= n - 2 ? open : -1;
  }
  const dot = p.lastIndexOf('.');
  if (dot < 0) return -1;
  for (let i = dot + 1; i < n; i++) {
    const ch = p.charCodeAt(i);
    if (ch === 91 /* [ */ || ch === 93 /* ] */) return -1;
  }
  return dot;
}

/** An element path split once: `vm.aws.securityGroups[].inbound[]` → head `vm`, names, `[]` counts. */
interface ElementPlan {
  head: string;
  names: string[];
  each: number[];
  /** The path cannot name an item (one segment, or a list at the head). */
  none: boolean;
  /** The list itself as evidence shows it (`aws.volumes` for `vm.aws.volumes[]`), to name an item not found by `[id]`. */
  shownList: string;
}
const elementPlans = new Map<string, ElementPlan>();

function elementPlanOf(elementPath: string): ElementPlan {
  let plan = elementPlans.get(elementPath);
  if (plan) return plan;
  const segs = elementPath.split('.');
  const [head, ...rest] = segs;
  const names: string[] = [];
  const each: number[] = [];
  for (const seg of rest) {
    const name = seg.replace(/(\[\])+$/, '');
    names.push(name);
    each.push((seg.length - name.length) / 2);
  }
  const shownList = elementPath.slice(0, -2).replace(/^(vm|resource)\./, '');
  plan = { head, names, each, none: rest.length === 0 || /\[\]$/.test(head), shownList };
  elementPlans.set(elementPath, plan);
  return plan;
}

/**
 * The concrete path of a judged item (`vm.aws.securityGroups[sg-1].inbound[sgr-2]`): walks the
 * element path and finds the element that IS the item (CEL's filter/map/flatten hand the snapshot's
 * own objects through), naming each list element on the way by its id. Null when not found.
 * The path is returned as evidence shows it, without its `vm.`/`resource.` head, in two parts:
 * the list the item is in (`aws.securityGroups[sg-1].inbound`) and the item's `[id]` (`[sgr-2]`;
 * '' when the path does not end on a list element). The path is `list + last`.
 * Depth first, in list order; the names of the elements on the way are built only for the one found.
 */
function locateItem(root: unknown, elementPath: string, target: unknown): { list: string; last: string } | null {
  const plan = elementPlanOf(elementPath);
  if (plan.none) return null;
  // The way down: a field name (index -1) or a list element and its index, in pairs.
  const trail: unknown[] = [];
  if (!walkField((root as Record<string, unknown>)[plan.head], 0, plan, target, trail)) return null;
  // The way starts with a field name; evidence shows paths without their `vm.`/`resource.` head.
  const first = trail[0] as string;
  let list = plan.head === 'vm' || plan.head === 'resource' ? first : `${plan.head}.${first}`;
  const end = trail.length - 2;
  for (let k = 2; k < end; k += 2) {
    const idx = trail[k + 1] as number;
    list += idx < 0 ? `.${trail[k] as string}` : `[${itemId(trail[k], idx)}]`;
  }
  if (end < 2) return { list, last: '' };
  const idx = trail[end + 1] as number;
  if (idx < 0) return { list: `${list}.${trail[end] as string}`, last: '' };
  return { list, last: `[${itemId(trail[end], idx)}]` };
}

/** locateItem's walk at `cur`, which stands for the path up to segment `i`. */
function walkField(cur: unknown, i: number, plan: ElementPlan, target: unknown, trail: unknown[]): boolean {
  const last = plan.names.length;
  if (cur === target && i === last) return true;
  if (i >= last || cur === null || typeof cur !== 'object') return false;
  const name = plan.names[i];
  trail.push(name, -1);
  if (walkList((cur as Record<string, unknown>)[name], plan.each[i], i, plan, target, trail)) return true;
  trail.length -= 2;
  return false;
}

/** Into `levels` nested lists at segment `i` (none: on to the next segment), elements in order. */
function walkList(v: unknown, levels: number, i: number, plan: ElementPlan, target: unknown, trail: unknown[]): boolean {
  if (levels === 0) return walkField(v, i + 1, plan, target, trail);
  if (!Array.isArray(v)) return false;
  for (let idx = 0; idx < v.length; idx++) {
    if (!(idx in v)) continue;
    trail.push(v[idx], idx);
    if (walkList(v[idx], levels - 1, i, plan, target, trail)) return true;
    trail.length -= 2;
  }
  return false;
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
  /** The item part holds no `[` or `]`: its source is the item's unless a source key lies below the item. */
  itemRestPlain: boolean;
  segments: string[];
  /** The path as the rule reads it (`vm.aws.securityGroups[].inbound`). */
  path: string;
  /** A resource path (not under `item`): the same value on every verdict of the resource. */
  perResource: boolean;
  /** Reading it builds a list (a `[]` segment): each finding gets its own copy. */
  builds: boolean;
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
      const itemRest = rest.split('.');
      return { itemRest, itemRestText: rest, itemRestPlain: !/[[\]]/.test(rest), segments: [], path, perResource: false, builds: false, display, sensitive: isSensitive(display) };
    }
    const segments = path.split('.');
    const perResource = segments[0] !== 'item';
    const builds = segments.some((seg) => seg.endsWith('[]'));
    return { itemRest: null, itemRestText: '', itemRestPlain: false, segments, path, perResource, builds, display, sensitive: isSensitive(display) };
  });
  plans.set(c, plan);
  return plan;
}

function buildEvidence(c: CompiledRule, st: ResourceState, ctx: Record<string, unknown>, item: Item | undefined): Evidence[] {
  const resource = st.resource;
  const out: Evidence[] = [];
  const itemPrefix = c.itemPath;
  let itemAt: Located | undefined;
  for (const p of planOf(c)) {
    let value: unknown;
    let display: string;
    let src: string | undefined;
    if (p.itemRest && item && itemPrefix) {
      value = readPath(item.value, p.itemRest);
      if (value === undefined) continue;
      itemAt ??= st.locate(itemPrefix, item, ctx);
      display = `${itemAt.at}.${p.itemRestText}`;
      // The keys sourceFor tries for `<at>.<rest>` are those below `at`, then `at`'s own.
      src = p.itemRestPlain && !itemAt.deeper ? itemAt.src : sourceFor(resource, display);
    } else if (p.itemRest) {
      continue;
    } else if (p.perResource) {
      const read = st.read(p, ctx);
      if (read.value === undefined) continue;
      // A built list is copied (a shallow copy is a fresh read: its elements are the snapshot's).
      value = p.builds ? (read.value as unknown[]).slice() : read.value;
      display = p.display;
      src = read.src;
    } else {
      value = readPath(ctx, p.segments);
      if (value === undefined) continue;
      display = p.display;
      src = sourceFor(resource, display);
    }
    const ev: Evidence = { path: display, value: p.sensitive ? masked(value) : value };
    if (src) ev.source = src;
    out.push(ev);
  }
  if (c.evidence) {
    let extra: unknown;
    let ok = true;
    try {
      extra = c.evidence(ctx);
    } catch {
      ok = false;
    }
    if (ok && extra !== undefined) out.push({ path: 'matches', value: extra });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------

function itemId(value: unknown, index: number): string {
  const id = (value as { id?: unknown } | null)?.id;
  return typeof id === 'string' && id ? id : `#${index}`;
}

interface Item {
  id: string;
  value: unknown;
}

interface Verdict {
  status: Status;
  reason?: string;
  item?: Item;
}

/**
 * What one resource's rules share: the context (and one context object reused for each judged
 * item), and the results of `items` and `complete` expressions, which several rules repeat word
 * for word (the five security-group rules judge the same list). An expression is a pure function
 * of the context, so the same source on the same context gives the same result.
 */
class ResourceState {
  readonly itemCtx: Record<string, unknown>;
  private lists?: Map<string, { ok: true; value: unknown } | { ok: false; reason: string }>;
  private completes?: Map<string, { code: Code; reason?: string }>;
  private located?: Map<string, Map<unknown, Located | null>>;
  private sourceKeys?: string[];
  /** Per list path (placeOfElement): the path without ids, whether that has no `[` left, and the path's source. */
  private listPlaces?: Map<string, { plain: string; clean: boolean; src: string | undefined }>;
  private reads?: Map<string, { value: unknown; src: string | undefined }>;

  constructor(
    readonly resource: ResourceSnapshot,
    readonly ctx: Record<string, unknown>,
    readonly vars: () => TemplateVars,
  ) {
    // `{ ...ctx, item }` once; `item` is set before each use.
    this.itemCtx = { ...ctx, item: undefined };
  }

  /**
   * A resource path's value and source, read once for all the resource's findings (rules reading
   * the same path share it: the value and display path depend on the path alone).
   */
  read(p: PathPlan, ctx: Record<string, unknown>): { value: unknown; src: string | undefined } {
    let out = this.reads?.get(p.path);
    if (!out) {
      const value = readPath(ctx, p.segments);
      out = { value, src: value === undefined ? undefined : sourceFor(this.resource, p.display, this.ownSourceKeys()) };
      (this.reads ??= new Map()).set(p.path, out);
    }
    return out;
  }

  /** The names of the resource's sources (own keys, as `hasOwnProperty` sees them). */
  ownSourceKeys(): string[] | undefined {
    const sources = this.resource.sources;
    return sources ? (this.sourceKeys ??= Object.getOwnPropertyNames(sources)) : undefined;
  }

  /** The context a verdict is judged and explained in. */
  contextOf(item: Item | undefined): Record<string, unknown> {
    if (!item) return this.ctx;
    this.itemCtx.item = item.value;
    return this.itemCtx;
  }

  /** The rule's `items` list (keyed by its source text, which compileRule parses it from). */
  list(c: CompiledRule & { items: Program }): { ok: true; value: unknown } | { ok: false; reason: string } {
    const key = c.rule.items;
    let out = typeof key === 'string' ? this.lists?.get(key) : undefined;
    if (out) return out;
    try {
      out = { ok: true, value: c.items(this.ctx) };
    } catch (err) {
      out = { ok: false, reason: errorReason(err) };
    }
    if (typeof key === 'string') (this.lists ??= new Map()).set(key, out);
    return out;
  }

  /** The rule's `complete` verdict (keyed by its source text, as `list`). */
  complete(c: CompiledRule & { complete: Program }): { code: Code; reason?: string } {
    const key = c.rule.complete;
    let out = typeof key === 'string' ? this.completes?.get(key) : undefined;
    if (out) return out;
    const code = test(c.complete, this.ctx);
    out = code === PASS || code === FAIL ? { code } : { code, reason: lastReason() };
    if (typeof key === 'string') (this.completes ??= new Map()).set(key, out);
    return out;
  }

  /**
   * Where a failing item is, for its evidence (several rules may fail the same item: it is found
   * once): its concrete path, the source of that path, and whether any source key lies below it.
   * The walk reads the resource's variables and the item itself (`ctx.item` is the item), so the
   * result depends on the item alone.
   */
  locate(itemPrefix: string, item: Item, ctx: Record<string, unknown>): Located {
    let byItem = this.located?.get(itemPrefix);
    if (!byItem) (this.located ??= new Map()).set(itemPrefix, (byItem = new Map()));
    let found = byItem.get(item.value);
    if (found === undefined) {
      const at = locateItem(ctx, itemPrefix, item.value);
      found = at === null ? null : at.last ? this.placeOfElement(at.list, at.last) : this.placeOf(at.list);
      byItem.set(item.value, found);
    }
    return found ?? this.placeOf(`${elementPlanOf(itemPrefix).shownList}[${item.id}]`);
  }

  /**
   * placeOf(list + last) for a list element `last` = `[id]`. When neither the id nor the list
   * holds a stray bracket, the keys sourceFor tries for `list[id]` are `list[id]`, the list
   * without ids, then the list's own: the list's part is worked out once for all its elements.
   */
  private placeOfElement(list: string, last: string): Located {
    const at = list + last;
    const keys = this.ownSourceKeys();
    if (!keys || keys.length > 16 || last.indexOf('[', 1) >= 0 || last.indexOf(']') !== last.length - 1) return this.placeOf(at);
    let known = this.listPlaces?.get(list);
    if (!known) {
      const plain = withoutIds(list);
      known = { plain, clean: !plain.includes('['), src: sourceFor(this.resource, list, keys) };
      (this.listPlaces ??= new Map()).set(list, known);
    }
    if (!known.clean) return this.placeOf(at);
    const plain = known.plain;
    const sources = this.resource.sources!;
    const src = keys.includes(at) ? sources[at] : keys.includes(plain) ? sources[plain] : known.src;
    return { at, src, deeper: keys.some((k) => startsWithSegment(k, at) || startsWithSegment(k, plain)) };
  }

  private placeOf(at: string): Located {
    const sources = this.resource.sources;
    if (!sources) return { at, src: undefined, deeper: false };
    const keys = this.ownSourceKeys()!;
    const plain = withoutIds(at);
    const deeper = keys.some((k) => startsWithSegment(k, at) || (plain !== at && startsWithSegment(k, plain)));
    return { at, src: sourceFor(this.resource, at, keys), deeper };
  }
}

/** `key.startsWith(`${path}.`)` without building the string. */
function startsWithSegment(key: string, path: string): boolean {
  return key.length > path.length && key.charCodeAt(path.length) === 46 /* . */ && key.startsWith(path);
}

/** A failing item's place in the snapshot (see ResourceState.locate). */
interface Located {
  at: string;
  src: string | undefined;
  /** Some source key starts with `at.` (or `at` without ids, then `.`). */
  deeper: boolean;
}

function judge(c: CompiledRule, st: ResourceState): Verdict[] {
  if (!c.items) {
    const code = test(c.check, st.ctx);
    if (code === PASS) return [{ status: 'pass' }];
    if (code === FAIL) return [{ status: 'fail' }];
    return [{ status: 'unknown', reason: lastReason() }];
  }
  const listOut = st.list(c as CompiledRule & { items: Program });
  if (!listOut.ok) return [{ status: 'unknown', reason: listOut.reason }];
  const list = listOut.value;
  if (!Array.isArray(list)) return [{ status: 'unknown', reason: 'rule error: items is not a list' }];
  let fails: Verdict[] | undefined;
  let unknown: string | undefined;
  let bug: string | undefined;
  const itemCtx = st.itemCtx;
  for (let index = 0; index < list.length; index++) {
    if (!(index in list)) continue;
    const value: unknown = list[index];
    itemCtx.item = value;
    const code = test(c.check, itemCtx);
    if (code === PASS) continue;
    if (code === FAIL) (fails ??= []).push({ status: 'fail', item: { id: itemId(value, index), value } });
    else if (code === BUG) bug ??= `rule error: on item ${itemId(value, index)}: ${lastReason().replace(/^rule error: /, '')}`;
    else unknown ??= `${itemId(value, index)}: ${lastReason()}`;
  }
  // A broken check is a bug in the rule: it must surface, not hide behind other items' verdicts.
  if (bug) return [{ status: 'unknown', reason: bug }];
  if (fails) return fails;
  if (unknown) return [{ status: 'unknown', reason: unknown }];
  if (c.complete) {
    const done = st.complete(c as CompiledRule & { complete: Program });
    if (done.code !== PASS) {
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
  const st = new ResourceState(resource, base, () => (vars ??= templateVarsFor(resource)));
  // A missing field is an expected outcome here (CEL's `no such key` → unknown), and each one is an
  // Error: capturing its stack trace was the engine's largest single cost. Reasons use messages only.
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    for (const c of rules) {
      if (c.rule.provider !== resource.provider || c.rule.kind !== resource.kind) continue;
      evaluateInto(c, st, findings);
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
  const out: Finding[] = [];
  evaluateInto(c, new ResourceState(ctx.resource as ResourceSnapshot, ctx, vars), out);
  return out;
}

function makeFinding(c: CompiledRule, st: ResourceState, v: Verdict, severity: Severity, ctx: Record<string, unknown>): Finding {
  const { rule } = c;
  const resource = st.resource;
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
    evidence: v.status === 'fail' || v.status === 'unknown' ? buildEvidence(c, st, ctx, v.item) : [],
  };
  if (v.item) f.item = v.item.id;
  if (c.anchor) f.anchor = c.anchor;
  if (v.reason) f.reason = v.reason;
  return f;
}

function evaluateInto(c: CompiledRule, st: ResourceState, out: Finding[]): void {
  const ctx = st.ctx;
  let appliesUnknown: string | undefined;
  if (c.applies) {
    const code = test(c.applies, ctx);
    if (code === FAIL) {
      const v: Verdict = { status: 'not-applicable', reason: 'does not apply to this resource' };
      out.push(makeFinding(c, st, v, effectiveSeverity(c, ctx, false), ctx));
      return;
    }
    // A broken `applies` is a bug in the rule, whatever the check says.
    if (code === BUG) {
      const v: Verdict = { status: 'unknown', reason: lastReason() };
      out.push(makeFinding(c, st, v, effectiveSeverity(c, ctx, false), ctx));
      return;
    }
    if (code === UNKNOWN) appliesUnknown = lastReason();
  }

  let verdicts = judge(c, st);
  if (appliesUnknown && verdicts.some((v) => v.status !== 'pass')) {
    verdicts = [{ status: 'unknown', reason: `not known whether it applies (${appliesUnknown})` }];
  }

  for (const v of verdicts) {
    const itemCtx = st.contextOf(v.item);
    const failing = v.status === 'fail';
    const f = makeFinding(c, st, v, effectiveSeverity(c, itemCtx, failing), itemCtx);
    if (failing) {
      const steps: CompiledRule['steps'][number]['step'][] = [];
      // A step whose condition is not known is shown: it may be the one that applies.
      for (const s of c.steps) if (!s.when || !knownFalse(s.when, itemCtx)) steps.push(s.step);
      // The item's own scalar fields (groupId, volumeId, …) fill its placeholders before the resource's.
      f.fix = renderFix(c.rule.fix, steps, st.vars(), scopeFor(st.resource.provider), v.item?.value);
    }
    out.push(f);
  }
}
