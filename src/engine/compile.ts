/**
 * Rule files → compiled rules. Validation (zod) and CEL parsing happen once, and every problem is
 * reported as "<file>: <where>: <what>" so that a bad rule — bundled, imported by a user or pushed
 * by an administrator — names itself and is never half-loaded.
 */
import { parse as parseYaml } from 'yaml';
import { Rule, type CliStep, type Severity } from '../model/rule';
import { celEnvironment } from './cel-env';
import { elementPathOf, fieldPathsOf } from './field-paths';

type Program = ((ctx: Record<string, unknown>) => unknown) & { ast: unknown };

export interface CompiledRule {
  rule: Rule;
  file: string;
  applies?: Program;
  items?: Program;
  complete?: Program;
  check: Program;
  evidence?: Program;
  severityWhen: Array<{ test: Program; level: Severity }>;
  /** Fix steps with their `when` compiled. */
  steps: Array<{ step: CliStep; when?: Program }>;
  /** Element path bound to `item` (e.g. `vm.aws.volumes[]`). */
  itemPath: string | null;
  /** Paths read by check/applies/complete (shown as a finding's evidence), check's first. */
  paths: string[];
  /** The setting the finding is about (snapshot path without the context variable). */
  anchor?: string;
  /**
   * Every path any expression of the rule reads: `paths` plus those of `items`, `evidence`,
   * severity conditions and fix-step conditions (the schema meta-test checks each one exists).
   */
  readPaths: string[];
}

export class RuleFileError extends Error {
  constructor(
    readonly file: string,
    readonly problem: string,
  ) {
    super(`${file}: ${problem}`);
    this.name = 'RuleFileError';
  }
}

function compileCel(file: string, where: string, source: string): Program {
  try {
    return celEnvironment().parse(source) as unknown as Program;
  } catch (err) {
    const msg = String((err as Error).message ?? err).replace(/\s+/g, ' ').trim();
    throw new RuleFileError(file, `${where}: bad CEL: ${msg}`);
  }
}

function zodProblem(err: { issues: Array<{ path: PropertyKey[]; message: string }> }): string {
  return err.issues
    .slice(0, 3)
    .map((i) => `${i.path.map(String).join('.') || '(top)'}: ${i.message}`)
    .join('; ');
}

/** Validates a parsed rule object and compiles its expressions. */
export function compileRule(raw: unknown, file: string): CompiledRule {
  const parsed = Rule.safeParse(raw);
  if (!parsed.success) throw new RuleFileError(file, zodProblem(parsed.error));
  const rule = parsed.data;
  const base = file.split(/[\\/]/).pop()!.replace(/\.ya?ml$/, '');
  if (/\.ya?ml$/.test(file) && base !== rule.id) {
    throw new RuleFileError(file, `id "${rule.id}" must equal the file name "${base}"`);
  }
  if (!rule.id.startsWith(`${rule.provider}-`)) {
    throw new RuleFileError(file, `id "${rule.id}" must start with its provider "${rule.provider}-"`);
  }
  const c = (where: string, src: string | undefined) => (src === undefined ? undefined : compileCel(file, where, src));
  const items = c('items', rule.items);
  if (rule.complete && !items) throw new RuleFileError(file, 'complete: only makes sense with items');
  const itemPath = items ? elementPathOf(items.ast) : null;
  const check = c('check', rule.check)!;
  const applies = c('applies', rule.applies);
  const complete = c('complete', rule.complete);
  const severityWhen =
    typeof rule.severity === 'string'
      ? []
      : (rule.severity.when ?? []).map((w, i) => ({ test: c(`severity.when[${i}].if`, w.if)!, level: w.level }));
  const steps = rule.fix.cli.map((step, i) => ({ step, when: c(`fix.cli[${i}].when`, step.when) }));
  const evidence = c('evidence', rule.evidence);
  const pathsOf = (programs: Array<Program | undefined>, bind: string | null) => {
    const out = new Set<string>();
    for (const p of programs) if (p) for (const f of fieldPathsOf(p.ast, bind)) out.add(f);
    return out;
  };
  const paths = pathsOf([check, applies, complete], itemPath);
  // `items` is evaluated without `item`; evidence, severity and step conditions see the item.
  const readPaths = new Set([
    ...paths,
    ...pathsOf([items], null),
    ...pathsOf([evidence, ...severityWhen.map((w) => w.test), ...steps.map((s) => s.when)], itemPath),
  ]);
  return {
    rule,
    file,
    applies,
    items,
    complete,
    check,
    evidence,
    severityWhen,
    steps,
    itemPath,
    paths: [...paths],
    readPaths: [...readPaths],
    anchor: rule.anchor ?? defaultAnchor([...paths], itemPath),
  };
}

/** The first resource-level path `check` reads (not the item, `now` or `config`). */
function defaultAnchor(paths: string[], itemPath: string | null): string | undefined {
  const strip = (p: string) => p.replace(/^(vm|resource)\./, '');
  const item = itemPath ? strip(itemPath).replace(/\[\]$/, '') : null;
  return paths
    .filter((p) => /^(vm|resource)\./.test(p))
    .map(strip)
    .find((p) => !(item && p.startsWith(item)));
}

/** Parses one YAML rule file's text. */
export function compileRuleFile(text: string, file: string): CompiledRule {
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (err) {
    throw new RuleFileError(file, `not valid YAML: ${String((err as Error).message).split('\n')[0]}`);
  }
  if (raw === null || typeof raw !== 'object') throw new RuleFileError(file, 'empty or not a mapping');
  return compileRule(raw, file);
}

/** Compiles a set of rules, rejecting duplicate ids. */
export function compileRules(entries: Array<{ raw: unknown; file: string }>): CompiledRule[] {
  const seen = new Map<string, string>();
  return entries.map(({ raw, file }) => {
    const compiled = compileRule(raw, file);
    const prev = seen.get(compiled.rule.id);
    if (prev) throw new RuleFileError(file, `duplicate rule id "${compiled.rule.id}" (also in ${prev})`);
    seen.set(compiled.rule.id, file);
    return compiled;
  });
}
