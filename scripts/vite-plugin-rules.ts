/**
 * `virtual:vmlint-rules`: the bundled rule files, validated and CEL-compiled at build time (a bad
 * rule fails the build naming its file), emitted as plain JSON so the extension ships no YAML
 * parser and compiles CEL lazily from data.
 */
import type { Plugin } from 'vite';
import { BUNDLED_RULES_DIR, loadRulesFromDir, ruleFiles } from '../src/engine/load-rules-fs';

const ID = 'virtual:vmlint-rules';
const RESOLVED = `\0${ID}`;

export function vmlintRules(): Plugin {
  return {
    name: 'vmlint-rules',
    resolveId: (id) => (id === ID ? RESOLVED : undefined),
    load(id) {
      if (id !== RESOLVED) return undefined;
      for (const f of ruleFiles(BUNDLED_RULES_DIR)) this.addWatchFile(f);
      const rules = loadRulesFromDir(BUNDLED_RULES_DIR).map((c) => c.rule);
      return `export default ${JSON.stringify(rules)};`;
    },
  };
}
