/**
 * `--format json` (DESIGN.md "Contract" 5):
 *   {"resources": [{"id", "kind", "provider", "name", …}],
 *    "findings":  [{"ruleId", "resourceId", "item", "status", "severity", "title", "category",
 *                   "evidence", "fix", "reason", …}],
 *    "summary": {…}, "notes": [...]}
 * Every finding is listed, whatever its status. Keys the contract names are always present
 * (`name`, `item` and `reason` are null when there is none), so a consumer can index them.
 */
import type { Finding, Status } from '../model/finding';
import { SEVERITIES, type Severity } from '../model/rule';
import type { ResourceSnapshot } from '../model/snapshot';
import type { ScanResult } from './scan';

export interface JsonResource {
  id: string;
  kind: ResourceSnapshot['kind'];
  provider: ResourceSnapshot['provider'];
  name: string | null;
  region: string | null;
  zone: string | null;
  state: string | null;
  hasPublicAddress: boolean | null;
  /** Where the resource was read ("file: instances.json#Reservations[0].Instances[0]"). */
  source: string | null;
}

export interface JsonFinding {
  ruleId: string;
  resourceId: string;
  item: string | null;
  status: Status;
  severity: Severity;
  title: string;
  category: Finding['category'];
  provider: Finding['provider'];
  evidence: Finding['evidence'];
  fix: Finding['fix'] | null;
  reason: string | null;
  /** For an unknown verdict: the command whose output would decide it. */
  needs?: string;
  /** Further finding fields the engine adds (e.g. a rationale). */
  [extra: string]: unknown;
}

export interface JsonReport {
  resources: JsonResource[];
  findings: JsonFinding[];
  summary: {
    resources: number;
    inputs: Array<{ file: string; provider: string; shape: string }>;
    now: string;
    status: Record<Status, number>;
    /** Failing findings by effective severity. */
    failing: Record<Severity, number>;
  };
  notes: string[];
}

export function toJsonReport(result: ScanResult): JsonReport {
  const resources = result.resources.map(
    (r): JsonResource => ({
      id: r.id,
      kind: r.kind,
      provider: r.provider,
      name: r.name ?? null,
      region: r.region ?? null,
      zone: r.zone ?? null,
      state: r.state ?? null,
      hasPublicAddress: r.hasPublicAddress ?? null,
      source: r.sources?.[r.provider]?.replace(/^file: /, '') ?? null,
    }),
  );
  const findings = result.findings.map((f): JsonFinding => {
    // The contract's keys first, then whatever else the engine puts in a finding.
    const { ruleId, resourceId, item, status, severity, title, category, provider, evidence, fix, reason, ...rest } = f;
    const out: JsonFinding = {
      ruleId,
      resourceId,
      item: item ?? null,
      status,
      severity,
      title,
      category,
      provider,
      ...rest,
      evidence,
      fix: fix ?? null,
      reason: reason ?? null,
    };
    const hint = result.hints.get(f);
    if (hint) out.needs = hint;
    return out;
  });
  const status: Record<Status, number> = { fail: 0, pass: 0, unknown: 0, 'not-applicable': 0 };
  const failing = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  for (const f of result.findings) {
    status[f.status]++;
    if (f.status === 'fail') failing[f.severity]++;
  }
  return {
    resources,
    findings,
    summary: { resources: resources.length, inputs: result.inputs, now: result.now, status, failing },
    notes: result.notes,
  };
}

export function formatJson(result: ScanResult): string {
  return `${JSON.stringify(toJsonReport(result), null, 2)}\n`;
}
