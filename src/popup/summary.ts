/** What the popup shows, computed from the tab's state (pure, unit-tested). */
import type { Finding } from '../model/finding';
import type { TabState } from '../model/messages';
import { CATEGORIES, SEVERITIES, type Category, type Severity } from '../model/rule';
import type { VmSnapshot } from '../model/snapshot';

export interface VmSummary {
  resource: VmSnapshot;
  rulesChecked: number;
  failing: number;
  passing: number;
  unknown: number;
  notApplicable: number;
  bySeverity: Record<Severity, number>;
  byCategory: Array<{ category: Category; findings: Finding[] }>;
  failingFindings: Finding[];
}

const rank = (f: Finding) => SEVERITIES.indexOf(f.severity);

export function summarise(state: TabState): VmSummary[] {
  const out: VmSummary[] = [];
  for (const frame of Object.values(state.frames)) {
    for (const resource of frame.resources) {
      const mine = frame.findings.filter((f) => f.resourceId === resource.id);
      // Item rules give one finding per failing item; count rules, not items, for "checked N rules".
      const perRule = new Map<string, Finding['status']>();
      for (const f of mine) {
        const prev = perRule.get(f.ruleId);
        if (prev !== 'fail') perRule.set(f.ruleId, f.status);
      }
      const statuses = [...perRule.values()];
      const failingFindings = mine.filter((f) => f.status === 'fail').sort((a, b) => rank(a) - rank(b));
      const bySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
      for (const f of failingFindings) bySeverity[f.severity]++;
      out.push({
        resource: resource as VmSnapshot,
        rulesChecked: perRule.size || frame.rulesChecked,
        failing: statuses.filter((s) => s === 'fail').length,
        passing: statuses.filter((s) => s === 'pass').length,
        unknown: statuses.filter((s) => s === 'unknown').length,
        notApplicable: statuses.filter((s) => s === 'not-applicable').length,
        bySeverity,
        byCategory: CATEGORIES.map((category) => ({
          category,
          findings: failingFindings.filter((f) => f.category === category),
        })).filter((g) => g.findings.length > 0),
        failingFindings,
      });
    }
  }
  // Page order: a list page's reader puts the instance read in full (the split panel) first.
  return out;
}
