/**
 * Does a field path that a rule's CEL reads exist in the snapshot schema? A typo in a rule
 * (`vm.aws.metadataOption.httpTokens`) would otherwise read as "not seen" forever and every verdict
 * would be a silent "unknown"; the rules meta-test runs every path through here.
 *
 * Paths are those of `fieldPathsOf` (field-paths.ts): dot-separated, `[]` after a segment for "each
 * element of this list", starting at a context variable:
 *
 *   vm.… / resource.…   the snapshot (the schema given)
 *   now                 the evaluation time (a string, no fields)
 *   config.<key>        an engine setting (a key of DEFAULT_CONFIG)
 *   item.…              never: `fieldPathsOf` resolves `item` to the element path of the rule's
 *                       `items`, so an `item.` path here means `item` was used without `items`.
 *
 * The walk understands zod 4 schemas: objects (shape, catchall), optional / nullable / default /
 * readonly / catch / lazy / pipe wrappers, arrays (`[]`), records (a key segment reads a value; `[]`
 * iterates keys, as CEL does for maps), unions and discriminated unions (a path exists when it exists
 * in some option) and intersections.
 */
import { DEFAULT_CONFIG } from './evaluate';

/** The structural part of a zod 4 schema this walk reads. */
interface Schema {
  _zod: { def: Def };
}
type Def = { type: string } & Record<string, unknown>;

const defOf = (s: Schema): Def => s._zod.def;
const article = (word: string) => `${/^[aeiou]/.test(word) ? 'an' : 'a'} ${word}`;

const WRAPPERS = new Set(['optional', 'nullable', 'default', 'prefault', 'nonoptional', 'readonly', 'catch', 'success']);

function unwrap(schema: Schema): Schema {
  let s = schema;
  for (let guard = 0; guard < 64; guard++) {
    const def = defOf(s);
    if (WRAPPERS.has(def.type)) s = def.innerType as Schema;
    else if (def.type === 'lazy') s = (def.getter as () => Schema)();
    else if (def.type === 'pipe') {
      // The value rules see is the output: the `out` side, unless that is a bare transform.
      const out = def.out as Schema;
      s = defOf(out).type === 'transform' ? (def.in as Schema) : out;
    } else return s;
  }
  return s;
}

/** Alternatives of a union / intersection, or the schema itself. */
function alternatives(schema: Schema): Schema[] {
  const s = unwrap(schema);
  const def = defOf(s);
  if (def.type === 'union') return (def.options as Schema[]).flatMap(alternatives);
  if (def.type === 'intersection') return [...alternatives(def.left as Schema), ...alternatives(def.right as Schema)];
  return [s];
}

/** What `[]` over a value of this schema yields, or a problem. */
function elementOf(schema: Schema): Schema[] | string {
  const out: Schema[] = [];
  const kinds: string[] = [];
  for (const alt of alternatives(schema)) {
    const def = defOf(alt);
    kinds.push(def.type);
    if (def.type === 'array' || def.type === 'set') out.push((def.element ?? def.valueType) as Schema);
    else if (def.type === 'tuple') out.push(...(def.items as Schema[]), ...(def.rest ? [def.rest as Schema] : []));
    // CEL iterates a map's keys.
    else if (def.type === 'record' || def.type === 'map') out.push(def.keyType as Schema);
    else if (def.type === 'any' || def.type === 'unknown') out.push(alt);
  }
  return out.length ? out : `is ${article([...new Set(kinds)].join(' | '))}, not a list`;
}

interface Segment {
  name: string;
  /** How many `[]` follow the name. */
  each: number;
}

function parseSegments(path: string): Segment[] {
  return path.split('.').map((raw) => {
    const m = /^(.*?)((?:\[\])*)$/.exec(raw)!;
    return { name: m[1], each: m[2].length / 2 };
  });
}

const show = (segs: Segment[]) => segs.map((s) => s.name + '[]'.repeat(s.each)).join('.');

/** Applies `each` times `[]` to every alternative. */
function applyEach(schemas: Schema[], each: number): Schema[] | string {
  let cur = schemas;
  for (let i = 0; i < each; i++) {
    const next: Schema[] = [];
    let problem = '';
    for (const s of cur) {
      const e = elementOf(s);
      if (typeof e === 'string') problem = e;
      else next.push(...e);
    }
    if (!next.length) return problem;
    cur = next;
  }
  return cur;
}

/**
 * Walks `segs` below `schema`; null when the path exists, else why not (`at` names the part of the
 * path that was already resolved, for the message).
 */
function walk(schema: Schema, segs: Segment[], at: string): string | null {
  if (segs.length === 0) return null;
  const problems: string[] = [];
  for (const alt of alternatives(schema)) {
    const def = defOf(alt);
    if (def.type === 'any' || def.type === 'unknown') return null;
    if (def.type === 'object') {
      const [seg, ...rest] = segs;
      const shape = def.shape as Record<string, Schema>;
      const field = Object.prototype.hasOwnProperty.call(shape, seg.name) ? shape[seg.name] : (def.catchall as Schema | undefined);
      if (!field) {
        problems.push(`${at} has no field "${seg.name}" (fields: ${Object.keys(shape).join(', ')})`);
        continue;
      }
      const here = `${at}.${seg.name}`;
      const els = applyEach([field], seg.each);
      if (typeof els === 'string') {
        problems.push(`${here} ${els}`);
        continue;
      }
      const sub = els.map((e) => walk(e, rest, here + '[]'.repeat(seg.each)));
      if (sub.some((p) => p === null)) return null;
      problems.push(...(sub as string[]));
      continue;
    }
    if (def.type === 'record' || def.type === 'map') {
      // A key may itself hold dots (`vm.tags["kubernetes.io/cluster/x"]` reads as
      // vm.tags.kubernetes.io/cluster/x). When the values are scalars nothing below them can be a
      // field, so the rest of the path is the key; below object values a key is one segment.
      const value = def.valueType as Schema;
      const scalarValues = alternatives(value).every((v) => !['object', 'record', 'map', 'any', 'unknown'].includes(defOf(v).type));
      for (let k = 1; k <= (scalarValues ? segs.length : 1); k++) {
        const keySegs = segs.slice(0, k);
        if (keySegs.slice(0, -1).some((s) => s.each > 0)) break;
        const last = keySegs[k - 1];
        const key = keySegs.map((s) => s.name).join('.');
        const here = `${at}.${key}`;
        const els = applyEach([value], last.each);
        if (typeof els === 'string') {
          problems.push(`${here} ${els}`);
          continue;
        }
        const sub = els.map((e) => walk(e, segs.slice(k), here + '[]'.repeat(last.each)));
        if (sub.some((p) => p === null)) return null;
        problems.push(...(sub as string[]));
      }
      continue;
    }
    problems.push(`${at} is ${article(def.type)}: it has no field "${segs[0].name}"`);
  }
  return problems[0] ?? `${at}: nothing to read`;
}

/**
 * Why `path` does not exist in `schema` (the snapshot schema rules read as `vm` / `resource`), or
 * null when it does.
 */
export function schemaPathProblem(schema: unknown, path: string): string | null {
  const segs = parseSegments(path);
  const [head, ...rest] = segs;
  switch (head.name) {
    case 'vm':
    case 'resource':
      if (head.each) return `${head.name} is one resource, not a list`;
      return walk(schema as Schema, rest, head.name);
    case 'now':
      return rest.length === 0 && head.each === 0 ? null : `now is a time string: it has no fields (${path})`;
    case 'config': {
      if (rest.length !== 1 || rest[0].each || head.each) return `config.<key> is a single setting (${path})`;
      const key = rest[0].name;
      return Object.prototype.hasOwnProperty.call(DEFAULT_CONFIG, key)
        ? null
        : `config has no setting "${key}" (settings: ${Object.keys(DEFAULT_CONFIG).join(', ')})`;
    }
    case 'item':
      return `item is only bound when the rule has items (${show(segs)})`;
    default:
      return `"${head.name}" is not a context variable (vm, resource, now, config, item): ${show(segs)}`;
  }
}

/** Does `path` (e.g. `vm.aws.securityGroups[].inbound[].source`) exist in `schema`? */
export function schemaHasPath(schema: unknown, path: string): boolean {
  return schemaPathProblem(schema, path) === null;
}

/**
 * The string and number field names (but `id`) of the element a path denotes (`vm.aws.volumes[]` →
 * volumeId, deviceName, …): the names a fix template can take from the rule's item (evaluate.ts
 * fills them from the failing item). Empty when the path is not a list of objects.
 */
export function elementFields(schema: unknown, elementPath: string): string[] {
  const segs = parseSegments(elementPath);
  if (segs[0]?.name !== 'vm' && segs[0]?.name !== 'resource') return [];
  let cur: Schema[] = [schema as Schema];
  for (const seg of segs.slice(1)) {
    const next: Schema[] = [];
    for (const s of cur) {
      for (const alt of alternatives(s)) {
        const def = defOf(alt);
        if (def.type !== 'object') continue;
        const field = (def.shape as Record<string, Schema>)[seg.name];
        if (!field) continue;
        const els = applyEach([field], seg.each);
        if (typeof els !== 'string') next.push(...els);
      }
    }
    cur = next;
  }
  // The engine fills a template from the item's string and number fields, never its `id`.
  const SCALAR = new Set(['string', 'number', 'int', 'bigint', 'enum', 'literal', 'template_literal']);
  const names = new Set<string>();
  for (const s of cur) {
    for (const alt of alternatives(s)) {
      const def = defOf(alt);
      if (def.type !== 'object') continue;
      for (const [k, field] of Object.entries(def.shape as Record<string, Schema>)) {
        if (k !== 'id' && alternatives(field).some((f) => SCALAR.has(defOf(f).type))) names.add(k);
      }
    }
  }
  return [...names].sort();
}
