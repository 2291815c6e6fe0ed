/** The toolbar badge (src/background/badge.ts): failing count, coloured by the worst failing severity. */
import { describe, expect, it } from 'vitest';
import { badgeFor, SEVERITY_COLOURS } from '../../../src/background/badge';
import type { Finding } from '../../../src/model/finding';
import { SEVERITIES } from '../../../src/model/rule';

let n = 0;
function finding(status: Finding['status'], severity: Finding['severity'] = 'medium'): Finding {
  n++;
  return {
    ruleId: `aws-test-rule-${n}`,
    resourceId: 'i-0abc12345def67890',
    provider: 'aws',
    status,
    severity,
    title: 'A test rule holds',
    category: 'access-control',
    evidence: [],
  };
}

describe('badgeFor', () => {
  it('is empty when nothing fails (no findings, or only pass / unknown / not-applicable)', () => {
    expect(badgeFor([])).toEqual({ text: '', color: null });
    expect(badgeFor([finding('pass', 'critical'), finding('unknown', 'critical'), finding('not-applicable', 'high')])).toEqual({ text: '', color: null });
  });

  it('counts failing findings only', () => {
    const fs = [finding('fail', 'low'), finding('pass', 'critical'), finding('fail', 'low'), finding('unknown', 'critical'), finding('fail', 'info')];
    expect(badgeFor(fs).text).toBe('3');
  });

  it.each(SEVERITIES.map((s, i) => [s, i] as const))('the colour is the worst failing severity (%s)', (worst, i) => {
    const milder = SEVERITIES.slice(i + 1);
    const fs = [...milder.map((s) => finding('fail', s)), finding('fail', worst), ...milder.map((s) => finding('fail', s))];
    // A worse severity that only passes or is unknown does not colour the badge.
    if (i > 0) fs.push(finding('pass', SEVERITIES[0]), finding('unknown', SEVERITIES[i - 1]));
    expect(badgeFor(fs)).toEqual({ text: String(fs.filter((f) => f.status === 'fail').length), color: SEVERITY_COLOURS[worst] });
  });

  it('every severity has a distinct colour', () => {
    expect(new Set(SEVERITIES.map((s) => SEVERITY_COLOURS[s])).size).toBe(SEVERITIES.length);
    for (const s of SEVERITIES) expect(SEVERITY_COLOURS[s]).toMatch(/^#[0-9a-f]{6}$/i);
  });

  it('caps the text at 999+', () => {
    expect(badgeFor(Array.from({ length: 999 }, () => finding('fail', 'low'))).text).toBe('999');
    expect(badgeFor(Array.from({ length: 1000 }, () => finding('fail', 'low'))).text).toBe('999+');
  });
});
