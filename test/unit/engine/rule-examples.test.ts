/**
 * Runs every example of every bundled rule: pass examples pass, fail examples fail (with the stated
 * severity and items), unknown examples are unknown, not-applicable examples are N/A. An
 * evaluation error other than a missing field is a rule bug and fails here.
 */
import { describe, expect, it } from 'vitest';
import { evaluateRule } from '../../../src/engine/evaluate';
import { loadRulesFromDir } from '../../../src/engine/load-rules-fs';
import { DEFAULT_CONFIG } from '../../../src/engine/evaluate';
import { VmSnapshot } from '../../../src/model/snapshot';
import { templateVarsFor } from '../../../src/providers/template-vars';

const rules = loadRulesFromDir();
const EXAMPLE_IDS: Record<string, string> = { aws: 'i-0example0000000001', gcp: 'projects/p/zones/z/instances/vm', azure: '/subscriptions/s/resourcegroups/rg/providers/microsoft.compute/virtualmachines/vm' };

describe.each(rules.map((c) => [c.rule.id, c] as const))('%s', (_id, c) => {
  const groups = Object.entries(c.rule.examples) as Array<[string, NonNullable<(typeof c.rule.examples)['pass']>]>;
  for (const [expected, examples] of groups) {
    for (const ex of examples ?? []) {
      it(`${expected}: ${ex.name}`, () => {
        const snap = VmSnapshot.parse({ kind: 'vm', provider: c.rule.provider, id: EXAMPLE_IDS[c.rule.provider], ...ex.resource });
        const ctx = { vm: snap, resource: snap, now: ex.now ?? '2026-12-03T00:00:00Z', config: DEFAULT_CONFIG };
        const findings = evaluateRule(c, ctx, () => templateVarsFor(snap));
        for (const f of findings) expect(f.reason ?? '').not.toMatch(/^rule error/);
        const statuses = findings.map((f) => f.status);
        if (expected === 'fail') {
          const fails = findings.filter((f) => f.status === 'fail');
          expect(fails.length, JSON.stringify(findings)).toBeGreaterThan(0);
          expect(statuses.every((s) => s === 'fail')).toBe(true);
          if (ex.severity) for (const f of fails) expect(f.severity).toBe(ex.severity);
          if (ex.items) expect(fails.map((f) => f.item).sort()).toEqual([...ex.items].sort());
          for (const f of fails) expect(f.fix?.cli.length).toBeGreaterThan(0);
        } else {
          expect(statuses, JSON.stringify(findings)).toEqual([expected]);
        }
      });
    }
  }
});
