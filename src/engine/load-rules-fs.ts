/**
 * Node-side rule loading (CLI, tests, the build step that bundles rules for the extension):
 * every `rules/<provider>/*.yaml` below a directory, compiled, with errors naming the file.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileRuleFile, RuleFileError, type CompiledRule } from './compile';

export const BUNDLED_RULES_DIR = fileURLToPath(new URL('../../rules', import.meta.url));

/** Rule files below `dir`, sorted so the order is stable on every machine. */
export function ruleFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (/\.ya?ml$/.test(name) && name !== 'aliases.yaml') out.push(p);
    }
  };
  walk(dir);
  return out;
}

export function loadRulesFromDir(dir: string = BUNDLED_RULES_DIR, base = process.cwd()): CompiledRule[] {
  const seen = new Map<string, string>();
  return ruleFiles(dir).map((file) => {
    const shown = relative(base, file) || file;
    const compiled = compileRuleFile(readFileSync(file, 'utf8'), shown);
    const prev = seen.get(compiled.rule.id);
    if (prev) throw new RuleFileError(shown, `duplicate rule id "${compiled.rule.id}" (also in ${prev})`);
    seen.set(compiled.rule.id, shown);
    return compiled;
  });
}
