/** What the popup shows (src/popup/summary.ts): per resource, rules counted once, severities and
 *  categories per failing finding. */
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../../src/model/finding';
import type { FrameState, TabState } from '../../../src/model/messages';
import { summarise } from '../../../src/popup/summary';

const A = 'i-0abc12345def67890';
const B = 'i-0fedcba9876543210';

function f(ruleId: string, status: Finding['status'], over: Partial<Finding> = {}): Finding {
  return {
    ruleId,
    resourceId: A,
    provider: 'aws',
    status,
    severity: 'medium',
    title: `${ruleId} holds`,
    category: 'access-control',
    evidence: [],
    ...over,
  };
}

function frame(resources: string[], findings: Finding[], rulesChecked = 21): FrameState {
  return {
    url: 'https://us-east-1.console.aws.amazon.com/ec2/home#Instances:',
    page: { provider: 'aws', kind: 'aws-instances-list', route: 'Instances:' },
    resources: resources.map((id) => ({ kind: 'vm' as const, provider: 'aws' as const, id })),
    findings,
    rulesChecked,
    updatedAt: 0,
  };
}

const state = (...frames: FrameState[]): TabState => ({ frames: Object.fromEntries(frames.map((fr, i) => [String(i), fr])) });

describe('summarise', () => {
  it('no frames → nothing to show', () => {
    expect(summarise({ frames: {} })).toEqual([]);
  });

  it('counts rules, not items: an item rule with three failing items counts once', () => {
    const findings = [
      f('aws-sg-ssh-not-public', 'fail', { item: 'sgr-1', severity: 'critical', category: 'network-security' }),
      f('aws-sg-ssh-not-public', 'fail', { item: 'sgr-2', severity: 'critical', category: 'network-security' }),
      f('aws-sg-ssh-not-public', 'fail', { item: 'sgr-3', severity: 'high', category: 'network-security' }),
      f('aws-ec2-imdsv2-required', 'fail', { severity: 'high' }),
      f('aws-ec2-detailed-monitoring-enabled', 'pass'),
      f('aws-ec2-single-eni', 'pass'),
      f('aws-ebs-volumes-encrypted', 'unknown'),
      f('aws-ec2-stopped-max-30-days', 'not-applicable'),
    ];
    const [s] = summarise(state(frame([A], findings)));
    expect(s.resource.id).toBe(A);
    expect(s.rulesChecked).toBe(6);
    expect(s.failing).toBe(2);
    expect(s.passing).toBe(2);
    expect(s.unknown).toBe(1);
    expect(s.notApplicable).toBe(1);
    // Severity counts are per failing finding (each item is its own badge and fix).
    expect(s.bySeverity).toEqual({ critical: 2, high: 2, medium: 0, low: 0, info: 0 });
    expect(s.failingFindings).toHaveLength(4);
  });

  it('a rule that fails on one item and is otherwise reported counts as failing', () => {
    const [s] = summarise(state(frame([A], [f('aws-sg-rdp-not-public', 'unknown'), f('aws-sg-rdp-not-public', 'fail', { item: 'sgr-9' })])));
    expect(s.failing).toBe(1);
    expect(s.unknown).toBe(0);
    const [t] = summarise(state(frame([A], [f('aws-sg-rdp-not-public', 'fail', { item: 'sgr-9' }), f('aws-sg-rdp-not-public', 'unknown')])));
    expect(t.failing).toBe(1);
    expect(t.unknown).toBe(0);
  });

  it('failing findings are ordered worst first', () => {
    const [s] = summarise(
      state(frame([A], [f('r-low', 'fail', { severity: 'low' }), f('r-crit', 'fail', { severity: 'critical' }), f('r-info', 'fail', { severity: 'info' }), f('r-high', 'fail', { severity: 'high' })])),
    );
    expect(s.failingFindings.map((x) => x.severity)).toEqual(['critical', 'high', 'low', 'info']);
  });

  it('groups failing findings by category, in catalogue order, without empty groups', () => {
    const [s] = summarise(
      state(
        frame([A], [
          f('r-enc', 'fail', { category: 'encryption' }),
          f('r-net-1', 'fail', { category: 'network-security', item: 'sgr-1' }),
          f('r-net-1', 'fail', { category: 'network-security', item: 'sgr-2' }),
          f('r-acc', 'fail', { category: 'access-control' }),
          f('r-mon', 'pass', { category: 'monitoring-logging' }),
        ]),
      ),
    );
    expect(s.byCategory.map((g) => [g.category, g.findings.length])).toEqual([
      ['access-control', 1],
      ['network-security', 2],
      ['encryption', 1],
    ]);
  });

  it('one summary per resource, each with its own findings, across frames', () => {
    const summaries = summarise(
      state(
        frame([A, B], [f('r1', 'fail'), f('r1', 'pass', { resourceId: B }), f('r2', 'fail', { resourceId: B, severity: 'low' })]),
        frame([], []),
      ),
    );
    expect(summaries.map((s) => s.resource.id)).toEqual([A, B]);
    expect(summaries[0]).toMatchObject({ failing: 1, passing: 0, rulesChecked: 1 });
    expect(summaries[1]).toMatchObject({ failing: 1, passing: 1, rulesChecked: 2 });
    expect(summaries[1].bySeverity.low).toBe(1);
    expect(summaries[1].bySeverity.medium).toBe(0);
  });

  it('a resource without findings falls back to the frame’s rule count and shows zero everywhere', () => {
    const [s] = summarise(state(frame([A], [], 21)));
    expect(s).toMatchObject({ rulesChecked: 21, failing: 0, passing: 0, unknown: 0, notApplicable: 0, failingFindings: [], byCategory: [] });
    expect(Object.values(s.bySeverity).every((n) => n === 0)).toBe(true);
  });
});
