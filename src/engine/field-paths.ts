/**
 * Field paths a CEL expression reads, from its AST: `vm.aws.metadataOptions.httpTokens`,
 * `vm.aws.securityGroups[].inbound[].source`. Used twice: the meta-test checks each path exists in
 * the snapshot schema (a typo in a rule would otherwise read as "unknown" forever), and the engine
 * shows the values at these paths as a finding's evidence.
 *
 * Macro variables (`g` in `list.exists(g, g.x)`) are bound to the element path of their list, and
 * `item` to the element path of the rule's `items` expression, so paths always start at a context
 * variable.
 */

type Node = { op: string; args: unknown };
const MACROS = new Set(['exists', 'all', 'exists_one', 'map', 'filter']);

/**
 * Helpers that take a whole object and read fields of it (cel-env.ts): `exposes(rule, set)` reads
 * the rule's protocol and ports. Those reads count as the expression's own, so they are shown as
 * evidence and checked against the schema like any other.
 */
const ARGUMENT_FIELDS: Record<string, ReadonlyArray<readonly string[] | null>> = {
  exposes: [['protocol', 'ports']],
};

/** A value's path, and the path of its elements when it is a list. */
interface PathInfo {
  path: string | null;
  elem: string | null;
}

const NONE: PathInfo = { path: null, elem: null };
const elemOf = (p: PathInfo): string | null => p.elem ?? (p.path ? `${p.path}[]` : null);

function isNode(x: unknown): x is Node {
  return typeof x === 'object' && x !== null && 'op' in x;
}

export interface PathScan {
  /** Every path read (leaves and the lists walked). */
  paths: Set<string>;
}

/**
 * Walks `node`, adding every path it reads to `out`, and returns the path of its value.
 * `scope` binds identifiers (macro variables, `item`) to element paths.
 */
function walk(node: unknown, scope: Map<string, string>, out: Set<string>): PathInfo {
  if (Array.isArray(node)) {
    for (const n of node) walk(n, scope, out);
    return NONE;
  }
  if (!isNode(node)) return NONE;
  const { op, args } = node;
  if (op === 'id') {
    const name = String(args);
    return { path: scope.get(name) ?? name, elem: null };
  }
  if (op === '.' || op === '.?') {
    const [obj, field] = args as [unknown, string];
    const base = walk(obj, scope, out);
    if (!base.path) return NONE;
    const path = `${base.path}.${field}`;
    out.add(path);
    return { path, elem: null };
  }
  if (op === '[]' || op === '[?]') {
    const [obj, index] = args as [unknown, unknown];
    const base = walk(obj, scope, out);
    const idx = isNode(index) && index.op === 'value' ? index.args : null;
    walk(index, scope, out);
    if (typeof idx === 'string' && base.path) {
      const path = `${base.path}.${idx}`;
      out.add(path);
      return { path, elem: null };
    }
    const e = elemOf(base);
    return e ? { path: e, elem: null } : NONE;
  }
  if (op === 'rcall') {
    const [name, receiver, callArgs] = args as [string, unknown, unknown[]];
    const recv = walk(receiver, scope, out);
    if (MACROS.has(name) && Array.isArray(callArgs) && callArgs.length >= 2) {
      const v = callArgs[0];
      const varName = isNode(v) && v.op === 'id' ? String(v.args) : null;
      const inner = new Map(scope);
      const e = elemOf(recv);
      if (varName && e) inner.set(varName, e);
      let last: PathInfo = NONE;
      for (const a of callArgs.slice(1)) last = walk(a, inner, out);
      if (name === 'map') return { path: null, elem: last.path };
      if (name === 'filter') return recv;
      return NONE;
    }
    walk(callArgs, scope, out);
    return NONE;
  }
  if (op === 'call') {
    const [name, callArgs] = args as [string, unknown[]];
    const infos = (Array.isArray(callArgs) ? callArgs : []).map((a) => walk(a, scope, out));
    ARGUMENT_FIELDS[name]?.forEach((fields, i) => {
      const p = infos[i]?.path;
      if (fields && p) for (const f of fields) out.add(`${p}.${f}`);
    });
    if (name === 'flatten' && infos[0]) {
      const e = elemOf(infos[0]);
      return { path: null, elem: e ? `${e}[]` : null };
    }
    return NONE;
  }
  if (Array.isArray(args)) for (const a of args) walk(a, scope, out);
  else if (isNode(args)) walk(args, scope, out);
  return NONE;
}

/** The element path of a list-valued expression (a rule's `items`), e.g. `vm.aws.volumes[]`. */
export function elementPathOf(ast: unknown): string | null {
  return elemOf(walk(ast, new Map(), new Set()));
}

/**
 * Paths read by `ast`. `itemPath` binds `item`. A path that is only a prefix of a longer one read
 * in the same expression is dropped (reading `a.b.c` reads `a.b` on the way).
 */
export function fieldPathsOf(ast: unknown, itemPath?: string | null): string[] {
  const scope = new Map<string, string>();
  if (itemPath) scope.set('item', itemPath);
  const out = new Set<string>();
  walk(ast, scope, out);
  const all = [...out];
  return all.filter((p) => !all.some((q) => q !== p && (q.startsWith(`${p}.`) || q.startsWith(`${p}[]`))));
}
