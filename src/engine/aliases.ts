/**
 * Renamed rule ids (DESIGN.md contract 6): a suppression, a `--rule` filter, an imported policy or
 * an administrator's managed setting that names an old id keeps working. `rules/aliases.yaml` maps
 * `old-id: new-id`; a chain (a → b → c) is followed to the rule that exists. Pure: no file system,
 * so the extension and the CLI share it.
 */
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { RuleFileError } from './compile';

export type Aliases = Readonly<Record<string, string>>;

const RuleId = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)+$/, 'ids are kebab-case <provider>-<service>-<state>');
const AliasMap = z.record(RuleId, RuleId);

/**
 * The current id for `id`: itself when it is not an alias, else the end of its alias chain.
 * Throws on a cycle (a → b → a), naming it.
 */
export function resolveRuleId(id: string, aliases: Aliases): string {
  const seen: string[] = [];
  let cur = id;
  while (Object.prototype.hasOwnProperty.call(aliases, cur)) {
    if (seen.includes(cur)) throw new Error(`rule alias cycle: ${[...seen.slice(seen.indexOf(cur)), cur].join(' → ')}`);
    seen.push(cur);
    cur = aliases[cur];
  }
  return cur;
}

/**
 * Parses and validates an alias file's text against the ids of the loaded rules: every alias must
 * lead (directly or through other aliases) to an existing rule, no alias may shadow a rule's own id
 * (the rule would become unreachable), and no chain may loop. Every problem is a RuleFileError
 * naming the file; an empty file (or one with only comments) is no aliases.
 */
export function loadAliases(text: string, ruleIds: Iterable<string>, file = 'rules/aliases.yaml'): Aliases {
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (err) {
    throw new RuleFileError(file, `not valid YAML: ${String((err as Error).message).split('\n')[0]}`);
  }
  if (raw === null || raw === undefined) return {};
  const parsed = AliasMap.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue.path.map(String).join('.') || '(top)';
    const what = issue.path.length ? issue.message : 'expected a map of old-id: new-id';
    throw new RuleFileError(file, `${where}: ${what}`);
  }
  const aliases = parsed.data;
  const ids = new Set(ruleIds);
  for (const [from, to] of Object.entries(aliases)) {
    if (ids.has(from)) throw new RuleFileError(file, `${from}: alias shadows the rule with that id`);
    if (from === to) throw new RuleFileError(file, `${from}: alias points at itself`);
    let target: string;
    try {
      target = resolveRuleId(from, aliases);
    } catch (err) {
      throw new RuleFileError(file, `${from}: ${(err as Error).message}`);
    }
    if (!ids.has(target)) {
      const via = target === to ? '' : ` (via ${to})`;
      throw new RuleFileError(file, `${from}: target "${target}"${via} is not a rule id`);
    }
  }
  return aliases;
}
