/**
 * `npm run build:rules`: validates (zod) and compiles (CEL) every bundled rule, checks the alias
 * list, runs every rule example through the engine, then writes `src/generated/rules.json` (the
 * validated rule objects, in file order) for the extension, which compiles CEL from it lazily.
 *
 * Any problem stops the build with exit 1 and one line naming the file and the problem
 * (`rules/aws/aws-x.yaml: check: bad CEL: …`, `rules/aws/aws-x.yaml: examples.fail[1] "…": …`),
 * never a stack trace.
 *
 *   tsx scripts/build-rules.ts [--rules DIR] [--out FILE] [--check]
 *     --check   validate and run the examples, write nothing
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { loadAliases, type Aliases } from '../src/engine/aliases';
import { RuleFileError, type CompiledRule } from '../src/engine/compile';
import { DEFAULT_CONFIG, evaluateRule } from '../src/engine/evaluate';
import { BUNDLED_RULES_DIR, loadRulesFromDir } from '../src/engine/load-rules-fs';
import { isUnknownError } from '../src/engine/unknown';
import type { Rule, RuleExample } from '../src/model/rule';
import { VmSnapshot } from '../src/model/snapshot';
import { templateVarsFor } from '../src/providers/template-vars';

export const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));
export const DEFAULT_OUT = join(REPO_ROOT, 'src/generated/rules.json');

/** Resource id an example gets when it does not state one (as test/unit/engine/rule-examples). */
export const EXAMPLE_IDS: Record<string, string> = {
  aws: 'i-0example0000000001',
  gcp: 'projects/p/zones/z/instances/vm',
  azure: '/subscriptions/s/resourcegroups/rg/providers/microsoft.compute/virtualmachines/vm',
};
export const EXAMPLE_NOW = '2026-12-03T00:00:00Z';

export type ExpectedStatus = 'pass' | 'fail' | 'unknown' | 'not-applicable';

type Program = CompiledRule['check'];

/** Runs a program the engine would swallow errors of (severity and step conditions, evidence). */
function programBug(program: Program, ctx: Record<string, unknown>, boolean: boolean): string | null {
  try {
    const value = program(ctx);
    if (boolean && typeof value !== 'boolean') return `expected true or false, got ${typeof value}`;
    if (!boolean && !(typeof value === 'string' || (Array.isArray(value) && value.every((v) => typeof v === 'string')))) {
      return `expected a string or a list of strings, got ${Array.isArray(value) ? 'a list' : typeof value}`;
    }
    return null;
  } catch (err) {
    if (isUnknownError(err)) return null;
    return String((err as Error)?.message ?? err).split('\n')[0];
  }
}

/**
 * What is wrong with one example's outcome, or null. Same expectations as the examples test:
 * pass/unknown/not-applicable examples give exactly that one status; fail examples give only
 * failing findings, with the stated severity and items, each with a fix. No finding may carry a
 * rule error, and neither may the expressions whose errors the engine hides (severity conditions,
 * fix-step conditions, evidence).
 */
export function exampleProblem(c: CompiledRule, expected: ExpectedStatus, ex: RuleExample): string | null {
  const parsed = VmSnapshot.safeParse({ kind: 'vm', provider: c.rule.provider, id: EXAMPLE_IDS[c.rule.provider], ...ex.resource });
  if (!parsed.success) {
    const i = parsed.error.issues[0];
    return `resource is not a valid snapshot: ${i.path.map(String).join('.') || '(top)'}: ${i.message}`;
  }
  const snap = parsed.data;
  const ctx = { vm: snap, resource: snap, now: ex.now ?? EXAMPLE_NOW, config: DEFAULT_CONFIG };
  const findings = evaluateRule(c, ctx, () => templateVarsFor(snap));
  const errored = findings.find((f) => f.reason?.startsWith('rule error'));
  if (errored) return errored.reason!;

  // Expressions whose errors the engine does not report: try them in every context they see.
  const contexts: Array<Record<string, unknown>> = [ctx];
  if (c.items) {
    try {
      const list = c.items(ctx);
      if (Array.isArray(list)) for (const item of list) contexts.push({ ...ctx, item });
    } catch {
      // reported through the findings already
    }
  }
  // The engine evaluates severity and step conditions for failing findings only, and evidence for
  // every finding; a not-applicable example's evidence is never looked at.
  const hidden: Array<[string, Program | undefined, boolean]> = [];
  if (expected === 'fail') {
    c.severityWhen.forEach((w, i) => hidden.push([`severity.when[${i}].if`, w.test, true]));
    c.steps.forEach((s, i) => hidden.push([`fix.cli[${i}].when`, s.when, true]));
  }
  if (expected !== 'not-applicable') hidden.push(['evidence', c.evidence, false]);
  for (const [where, program, boolean] of hidden) {
    if (!program) continue;
    for (const cx of contexts.slice(c.items ? 1 : 0)) {
      const bug = programBug(program, cx, boolean);
      if (bug) return `${where}: rule error: ${bug}`;
    }
  }

  const statuses = findings.map((f) => f.status);
  if (expected !== 'fail') {
    if (statuses.length === 1 && statuses[0] === expected) return null;
    const got = findings.map((f) => `${f.status}${f.item ? ` ${f.item}` : ''}${f.reason ? ` (${f.reason})` : ''}`).join(', ');
    return `expected ${expected}, got ${got || 'no finding'}`;
  }
  const fails = findings.filter((f) => f.status === 'fail');
  if (fails.length === 0 || fails.length !== findings.length) {
    const got = findings.map((f) => `${f.status}${f.reason ? ` (${f.reason})` : ''}`).join(', ');
    return `expected fail, got ${got || 'no finding'}`;
  }
  if (ex.severity) {
    const wrong = fails.find((f) => f.severity !== ex.severity);
    if (wrong) return `expected severity ${ex.severity}, got ${wrong.severity}`;
  }
  if (ex.items) {
    const got = fails.map((f) => f.item ?? '(none)').sort();
    const want = [...ex.items].sort();
    if (JSON.stringify(got) !== JSON.stringify(want)) return `expected failing items [${want.join(', ')}], got [${got.join(', ')}]`;
  }
  const noFix = fails.find((f) => !f.fix?.cli.length);
  if (noFix) return `a failing finding${noFix.item ? ` (${noFix.item})` : ''} has no fix command`;
  return null;
}

/** Every example of one rule: `examples.fail[1] "name": problem` lines. */
export function ruleExampleProblems(c: CompiledRule): string[] {
  const out: string[] = [];
  for (const [expected, list] of Object.entries(c.rule.examples) as Array<[ExpectedStatus, RuleExample[] | undefined]>) {
    (list ?? []).forEach((ex, i) => {
      const problem = exampleProblem(c, expected, ex);
      if (problem) out.push(`examples.${expected}[${i}] "${ex.name}": ${problem}`);
    });
  }
  return out;
}

export interface BuildOutput {
  compiled: CompiledRule[];
  rules: Rule[];
  aliases: Aliases;
  examples: number;
}

/** Loads, validates, compiles and runs the examples of every rule below `dir`; throws RuleFileError. */
export function buildRules(dir: string = BUNDLED_RULES_DIR, base: string = process.cwd()): BuildOutput {
  const compiled = loadRulesFromDir(dir, base);
  let examples = 0;
  for (const c of compiled) {
    const problems = ruleExampleProblems(c);
    if (problems.length) throw new RuleFileError(c.file, problems[0] + (problems.length > 1 ? ` (and ${problems.length - 1} more)` : ''));
    examples += Object.values(c.rule.examples).reduce((n, l) => n + (l?.length ?? 0), 0);
  }
  const aliasFile = join(dir, 'aliases.yaml');
  const aliases = existsSync(aliasFile)
    ? loadAliases(readFileSync(aliasFile, 'utf8'), compiled.map((c) => c.rule.id), relative(base, aliasFile) || aliasFile)
    : {};
  return { compiled, rules: compiled.map((c) => c.rule), aliases, examples };
}

/** The file the extension bundles: the validated rules, pretty-printed, in file order. */
export function rulesJson(rules: readonly Rule[]): string {
  return `${JSON.stringify(rules, null, 2)}\n`;
}

export function main(argv: string[]): number {
  let dir = BUNDLED_RULES_DIR;
  let out = DEFAULT_OUT;
  let check = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--rules' && argv[i + 1]) dir = resolve(argv[++i]);
    else if (a === '--out' && argv[i + 1]) out = resolve(argv[++i]);
    else if (a === '--check') check = true;
    else {
      process.stderr.write(`build-rules: unknown argument "${a}" (usage: build-rules [--rules DIR] [--out FILE] [--check])\n`);
      return 2;
    }
  }
  try {
    const built = buildRules(dir);
    if (!check) {
      mkdirSync(dirname(out), { recursive: true });
      writeFileSync(out, rulesJson(built.rules));
    }
    const where = check ? '' : ` → ${relative(process.cwd(), out) || out}`;
    process.stdout.write(`${built.rules.length} rules, ${built.examples} examples OK${where}\n`);
    return 0;
  } catch (err) {
    // One line naming the file and the problem; a stack trace helps no rule author.
    const msg = err instanceof RuleFileError ? err.message : `build-rules: ${String((err as Error)?.message ?? err)}`;
    process.stderr.write(`${msg.replace(/\s*\n\s*/g, ' ')}\n`);
    return 1;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  process.exitCode = main(process.argv.slice(2));
}
