import { describe, expect, it } from 'vitest';
import { gcpAdmittedPieces, gcpFirewallAdmits, gcpRuleApplies, publicFamilies, type GcpFwRule } from '../../../src/engine/functions/gcp-firewall';
import { UnknownValue } from '../../../src/engine/unknown';

const SA = 'app@p.iam.gserviceaccount.com';
const vm = { tags: ['web'], serviceAccounts: [{ email: SA }] };
const allow = (id: string, ports: string[] | undefined, extra: Partial<GcpFwRule> = {}): GcpFwRule => ({
  id,
  direction: 'INGRESS',
  priority: 1000,
  allowed: [{ protocol: 'tcp', ...(ports ? { ports } : {}) }],
  sourceRanges: ['0.0.0.0/0'],
  ...extra,
});
const deny = (id: string, ports: string[], extra: Partial<GcpFwRule> = {}): GcpFwRule => ({
  id,
  direction: 'INGRESS',
  priority: 1000,
  denied: [{ protocol: 'tcp', ports }],
  sourceRanges: ['0.0.0.0/0'],
  ...extra,
});
const admits = (rules: GcpFwRule[], rule: GcpFwRule, set: string, target = vm) => gcpFirewallAdmits({ rules }, rule, target.tags, target.serviceAccounts, set);

describe('gcpRuleApplies (S18, S19)', () => {
  it('untargeted ingress applies; egress and disabled do not', () => {
    expect(gcpRuleApplies(allow('a', ['22']), vm)).toBe(true);
    expect(gcpRuleApplies(allow('a', ['22'], { direction: 'EGRESS' }), vm)).toBe(false);
    expect(gcpRuleApplies(allow('a', ['22'], { disabled: true }), vm)).toBe(false);
    expect(gcpRuleApplies(allow('a', ['22'], { direction: undefined }), vm)).toBe(true);
  });
  it('targets: tags, service accounts, already matched', () => {
    expect(gcpRuleApplies(allow('a', ['22'], { targetTags: ['web'] }), vm)).toBe(true);
    expect(gcpRuleApplies(allow('a', ['22'], { targetTags: ['db'] }), vm)).toBe(false);
    expect(gcpRuleApplies(allow('a', ['22'], { targetServiceAccounts: [SA] }), vm)).toBe(true);
    expect(gcpRuleApplies(allow('a', ['22'], { targetServiceAccounts: ['x@p.iam.gserviceaccount.com'] }), vm)).toBe(false);
    expect(gcpRuleApplies(allow('a', ['22'], { targetTags: ['db'], targetsMatched: true }), vm)).toBe(true);
  });
  it('targets the VM\'s tags when they were not seen → unknown', () => {
    expect(() => gcpRuleApplies(allow('a', ['22'], { targetTags: ['web'] }), {})).toThrow(UnknownValue);
    expect(gcpRuleApplies(allow('a', ['22'], { targetTags: ['web'] }), { tags: null })).toBe(false);
  });
});

describe('publicFamilies (S21)', () => {
  it('reads /0 in sourceRanges, even beside tags; no source at all = 0.0.0.0/0', () => {
    expect([...publicFamilies(allow('a', ['22']))]).toEqual(['v4']);
    expect([...publicFamilies(allow('a', ['22'], { sourceRanges: ['::/0', '10.0.0.0/8'] }))]).toEqual(['v6']);
    expect([...publicFamilies(allow('a', ['22'], { sourceTags: ['x'] }))]).toEqual(['v4']);
    expect([...publicFamilies(allow('a', ['22'], { sourceRanges: null, sourceTags: ['x'] }))]).toEqual([]);
    expect([...publicFamilies(allow('a', ['22'], { sourceRanges: undefined }))]).toEqual(['v4']);
    expect([...publicFamilies(allow('a', ['22'], { sourceRanges: ['35.235.240.0/20'] }))]).toEqual([]);
  });
});

describe('gcpFirewallAdmits (S20, S22)', () => {
  it('tcp without ports admits every set but RDP/udp-only members', () => {
    const r = allow('a', undefined);
    for (const set of ['SSH', 'RDP', 'DB', 'ADMIN', 'ALL']) expect(admits([r], r, set), set).toBe(true);
  });
  it('protocol all admits everything; icmp nothing', () => {
    const all: GcpFwRule = { ...allow('a', undefined), allowed: [{ protocol: 'all' }] };
    const icmp: GcpFwRule = { ...allow('b', undefined), allowed: [{ protocol: 'icmp' }] };
    expect(admits([all], all, 'ALL')).toBe(true);
    expect(admits([all], all, 'SSH')).toBe(true);
    expect(admits([icmp], icmp, 'ALL')).toBe(false);
  });
  it('a higher-priority deny removes the port; a tie goes to the deny; a lower-priority deny does not', () => {
    const a = allow('a', ['22']);
    expect(admits([deny('d', ['22'], { priority: 900 }), a], a, 'SSH')).toBe(false);
    expect(admits([deny('d', ['22'], { priority: 1000 }), a], a, 'SSH')).toBe(false);
    expect(admits([deny('d', ['22'], { priority: 1100 }), a], a, 'SSH')).toBe(true);
  });
  it('a deny from a narrower range, for another family, or for other targets does not stop the internet', () => {
    const a = allow('a', ['22']);
    expect(admits([deny('d', ['22'], { priority: 1, sourceRanges: ['1.2.3.0/24'] }), a], a, 'SSH')).toBe(true);
    expect(admits([deny('d', ['22'], { priority: 1, sourceRanges: ['::/0'] }), a], a, 'SSH')).toBe(true);
    expect(admits([deny('d', ['22'], { priority: 1, targetTags: ['db'] }), a], a, 'SSH')).toBe(true);
    expect(admits([deny('d', ['22'], { priority: 1, disabled: true }), a], a, 'SSH')).toBe(true);
    expect(admits([deny('d', ['22'], { priority: 1, destinationRanges: ['10.0.0.5/32'] }), a], a, 'SSH')).toBe(true);
  });
  it('partial denies: DB keeps the ports not denied; ALL survives a deny of 22', () => {
    const a = allow('a', ['3306', '5432']);
    expect(admits([deny('d', ['3306'], { priority: 1 }), a], a, 'DB')).toBe(true);
    expect(admits([deny('d', ['3306', '5432'], { priority: 1 }), a], a, 'DB')).toBe(false);
    const all = allow('all', ['0-65535']);
    expect(admits([deny('d', ['22'], { priority: 1 }), all], all, 'ALL')).toBe(true);
    expect(admits([deny('d', ['22'], { priority: 1 }), all], all, 'SSH')).toBe(false);
  });
  it('firewall policies: an earlier-tier deny wins over a VPC allow at any priority; goto_next decides nothing', () => {
    const a = allow('a', ['22'], { priority: 0 });
    const pdeny: GcpFwRule = { id: 'p/1', policy: 'p', tier: 0, priority: 5000, action: 'deny', denied: [{ protocol: 'tcp', ports: ['22'] }], sourceRanges: ['0.0.0.0/0'], targetsMatched: true };
    const pnext: GcpFwRule = { ...pdeny, id: 'p/2', action: 'goto_next', denied: null, allowed: null };
    expect(admits([pdeny, a], a, 'SSH')).toBe(false);
    expect(admits([pnext, a], a, 'SSH')).toBe(true);
    const pallow: GcpFwRule = { ...pdeny, id: 'p/3', action: 'allow', allowed: [{ protocol: 'tcp', ports: ['22'] }], denied: null };
    expect(admits([pallow], pallow, 'SSH')).toBe(true);
    // A network policy (tier 2) comes after the VPC rules: a VPC deny beats its allow.
    const late: GcpFwRule = { ...pallow, id: 'n/1', tier: 2 };
    expect(admits([deny('d', ['22'], { priority: 65000 }), late], late, 'SSH')).toBe(false);
  });
  it('a deny rule is never itself "admitting"; evidence pieces name what is left', () => {
    expect(admits([deny('d', ['22'])], deny('d', ['22']), 'SSH')).toBe(false);
    const a = allow('a', ['20-25']);
    expect(gcpAdmittedPieces([deny('d', ['23'], { priority: 1 }), a], a, vm, 'ADMIN')).toEqual([{ protocol: 'tcp', range: { from: 20, to: 21 } }]);
  });
  it('rejects an unknown set name', () => {
    const a = allow('a', ['22']);
    expect(() => admits([a], a, 'WEB')).toThrow(/unknown port set/);
  });
});
