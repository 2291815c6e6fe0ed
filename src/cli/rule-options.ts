/**
 * The scan options that change which rules run and which findings count: `--rules DIR` (extra rule
 * files, validated exactly as the bundled ones: schema, CEL, examples, via scripts/build-rules.ts),
 * `--disable RULE` (old ids resolved through rules/aliases.yaml), `--min-severity`, `--fail-on`.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { buildRules } from '../../scripts/build-rules';
import { loadAliases, resolveRuleId, type Aliases } from '../engine/aliases';
import { RuleFileError, type CompiledRule } from '../engine/compile';
import { BUNDLED_RULES_DIR } from '../engine/load-rules-fs';
import { SEVERITIES, type Severity } from '../model/rule';
import { InputError, UsageError } from './errors';
import { resolveInputPath } from './read-input';
import { bundledRules, type ScanResult } from './scan';

export interface RuleSelection {
  /** The rules to run, bundled first, then each --rules directory's, in file order. */
  rules: CompiledRule[];
  aliases: Aliases;
}

let bundledAliases: Aliases | undefined;

function aliasesOfBundled(ids: string[]): Aliases {
  const file = join(BUNDLED_RULES_DIR, 'aliases.yaml');
  return (bundledAliases ??= existsSync(file) ? loadAliases(readFileSync(file, 'utf8'), ids) : {});
}

/** Bundled rules plus the rules below each of `rulesDirs`, minus the `disable`d ones. */
export function selectRules(options: { rulesDirs?: readonly string[]; disable?: readonly string[] }): RuleSelection {
  const bundled = bundledRules();
  let aliases: Aliases = aliasesOfBundled(bundled.map((c) => c.rule.id));
  const rules = [...bundled];
  const where = new Map(rules.map((c) => [c.rule.id, c.file] as const));

  for (const given of options.rulesDirs ?? []) {
    const dir = resolveInputPath(given);
    if (!existsSync(dir)) throw new InputError(given, 'no such directory (--rules)');
    if (!statSync(dir).isDirectory()) throw new InputError(given, 'not a directory (--rules needs a directory of rule files)');
    // Files are named as the user would: below DIR as given on the command line.
    let built: ReturnType<typeof buildRules>;
    try {
      built = buildRules(dir, dir);
    } catch (err) {
      if (err instanceof RuleFileError) {
        const problem = err.problem.replace(/^(duplicate rule id ".*" \(also in )(.*)\)$/, (_, head: string, other: string) => `${head}${join(given, other)})`);
        throw new RuleFileError(join(given, err.file), problem);
      }
      throw err;
    }
    if (built.compiled.length === 0) throw new InputError(given, 'no rule files (*.yaml) below this directory (--rules)');
    for (const compiled of built.compiled) {
      const c: CompiledRule = { ...compiled, file: join(given, compiled.file) };
      const id = c.rule.id;
      const prev = where.get(id);
      if (prev) throw new RuleFileError(c.file, `duplicate rule id "${id}" (also in ${prev})`);
      if (Object.prototype.hasOwnProperty.call(aliases, id)) {
        throw new RuleFileError(c.file, `rule id "${id}" is a renamed id (an alias of "${resolveRuleId(id, aliases)}"); old ids are never reused`);
      }
      where.set(id, c.file);
      rules.push(c);
    }
    aliases = { ...aliases, ...built.aliases };
  }

  const off = new Set<string>();
  for (const id of options.disable ?? []) {
    let current: string;
    try {
      current = resolveRuleId(id, aliases);
    } catch (err) {
      throw new UsageError(`--disable ${id}: ${(err as Error).message}`);
    }
    if (!where.has(current)) throw new UsageError(`--disable: unknown rule id "${id}" (see the rule ids in rules/ or in --format json)`);
    off.add(current);
  }
  return { rules: off.size ? rules.filter((c) => !off.has(c.rule.id)) : rules, aliases };
}

const rank = (s: Severity) => SEVERITIES.indexOf(s);

/** Whether `severity` is `threshold` or worse. */
export function atLeast(severity: Severity, threshold: Severity): boolean {
  return rank(severity) <= rank(threshold);
}

/** The result without the findings below `min` (whatever their status). */
export function withMinSeverity(result: ScanResult, min: Severity | undefined): ScanResult {
  if (!min) return result;
  return { ...result, findings: result.findings.filter((f) => atLeast(f.severity, min)) };
}

/** 1 when a failing finding is at or above `failOn` (any failing finding when not given), else 0. */
export function exitStatusOf(result: ScanResult, failOn: Severity | undefined): 0 | 1 {
  return result.findings.some((f) => f.status === 'fail' && (!failOn || atLeast(f.severity, failOn))) ? 1 : 0;
}
