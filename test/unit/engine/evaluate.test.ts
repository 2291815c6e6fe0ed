/**
 * The engine's verdict logic (DESIGN.md "Rules" and "Findings", spec §1): applies / items / check,
 * unknown versus fail, rule errors, severity lowering, per-item findings with their own fix,
 * evidence with masking and sources.
 */
import { describe, expect, it } from 'vitest';
import { compileRule, type CompiledRule } from '../../../src/engine/compile';
import { DEFAULT_CONFIG, evaluateResource, evaluateRule } from '../../../src/engine/evaluate';
import type { Finding } from '../../../src/model/finding';
import type { RuleInput } from '../../../src/model/rule';
import { VmSnapshot } from '../../../src/model/snapshot';

const NOW = '2026-12-03T00:00:00Z';
const EX = { pass: [{ name: 'p', resource: {} }], fail: [{ name: 'f', resource: {} }], unknown: [{ name: 'u', resource: {} }] };

function rule(fields: Partial<RuleInput> & Pick<RuleInput, 'check'>, id = 'aws-test-rule'): CompiledRule {
  return compileRule(
    {
      id,
      provider: 'aws',
      title: 'Test rule holds',
      severity: 'medium',
      category: 'access-control',
      rationale: 'A rule written inline for the engine tests.',
      references: [],
      fix: { cli: [{ run: 'aws ec2 do-something --instance-id {instanceId}' }] },
      examples: EX,
      ...fields,
    },
    `test:${id}`,
  );
}

function vm(fields: Record<string, unknown>) {
  return VmSnapshot.parse({ kind: 'vm', provider: 'aws', id: 'i-0test', region: 'us-east-1', ...fields });
}

function evaluate(c: CompiledRule, fields: Record<string, unknown>, now = NOW): Finding[] {
  return evaluateResource([c], vm(fields), { now });
}

const one = (findings: Finding[]) => {
  expect(findings).toHaveLength(1);
  return findings[0];
};

// ---------------------------------------------------------------------------------------------

describe('plain checks', () => {
  const monitoring = rule({ check: 'vm.aws.monitoringState == "enabled"' });
  it('true → pass, false → fail with a rendered fix', () => {
    expect(one(evaluate(monitoring, { aws: { monitoringState: 'enabled' } })).status).toBe('pass');
    const f = one(evaluate(monitoring, { aws: { instanceId: 'i-0test', monitoringState: 'disabled' } }));
    expect(f.status).toBe('fail');
    expect(f.fix?.cli[0].command).toBe('aws ec2 do-something --instance-id i-0test --region us-east-1');
    expect(f).toMatchObject({ ruleId: 'aws-test-rule', resourceId: 'i-0test', provider: 'aws', severity: 'medium', category: 'access-control' });
  });
  it('a field not seen → unknown (never fail), with the missing key as reason', () => {
    const f = one(evaluate(monitoring, { aws: { state: 'running' } }));
    expect(f.status).toBe('unknown');
    expect(f.reason).toMatch(/^not seen: monitoringState/);
    expect(f.fix).toBeUndefined();
    expect(one(evaluate(monitoring, {})).status).toBe('unknown');
  });
  it('CEL error absorption lets known evidence decide (spec §1.2)', () => {
    const either = rule({ check: 'vm.aws.metadataOptions.httpEndpoint == "disabled" || vm.aws.metadataOptions.httpTokens == "required"' });
    expect(one(evaluate(either, { aws: { metadataOptions: { httpTokens: 'required' } } })).status).toBe('pass');
    expect(one(evaluate(either, { aws: { metadataOptions: { httpTokens: 'optional' } } })).status).toBe('unknown');
  });
  it('skips rules of another provider', () => {
    expect(evaluateResource([monitoring], VmSnapshot.parse({ kind: 'vm', provider: 'gcp', id: 'projects/p/zones/z/instances/v' }))).toEqual([]);
  });
});

describe('applies (spec §1.3: N/A is tested first)', () => {
  const running = rule({ applies: 'vm.aws.state == "running"', check: 'vm.aws.monitoringState == "enabled"' });
  it('false → not-applicable', () => {
    const f = one(evaluate(running, { aws: { state: 'stopped', monitoringState: 'disabled' } }));
    expect(f.status).toBe('not-applicable');
    expect(f.fix).toBeUndefined();
  });
  it('not known + the check passes → pass', () => {
    expect(one(evaluate(running, { aws: { monitoringState: 'enabled' } })).status).toBe('pass');
  });
  it('not known + the check fails → unknown, not fail', () => {
    const f = one(evaluate(running, { aws: { monitoringState: 'disabled' } }));
    expect(f.status).toBe('unknown');
    expect(f.reason).toMatch(/^not known whether it applies \(not seen: state/);
    expect(f.fix).toBeUndefined();
  });
  it('not known + the check is unknown → unknown', () => {
    expect(one(evaluate(running, { aws: {} })).status).toBe('unknown');
  });
  it('true → the check decides', () => {
    expect(one(evaluate(running, { aws: { state: 'running', monitoringState: 'disabled' } })).status).toBe('fail');
  });
});

describe('rule errors are bugs: unknown, with a reason starting "rule error"', () => {
  it('a check that returns a string', () => {
    const f = one(evaluate(rule({ check: 'vm.aws.monitoringState' }), { aws: { monitoringState: 'enabled' } }));
    expect(f.status).toBe('unknown');
    expect(f.reason).toMatch(/^rule error: expected true or false, got string/);
  });
  it('a check that hits a type error', () => {
    const f = one(evaluate(rule({ check: 'vm.aws.monitoringState + 1 == 2' }), { aws: { monitoringState: 'enabled' } }));
    expect(f.status).toBe('unknown');
    expect(f.reason).toMatch(/^rule error: /);
  });
  it('an applies that returns a string, even when the check passes', () => {
    const c = rule({ applies: 'vm.aws.state', check: 'vm.aws.monitoringState == "enabled"' });
    const f = one(evaluate(c, { aws: { state: 'running', monitoringState: 'enabled' } }));
    expect(f.status).toBe('unknown');
    expect(f.reason).toMatch(/^rule error: expected true or false, got string/);
  });
  it('a per-item check that returns a string, even when another item fails', () => {
    const c = rule({ items: 'vm.aws.volumes', check: 'item.encrypted == true ? true : item.volumeId' });
    const f = one(
      evaluate(c, { aws: { volumes: [{ id: 'vol-1', volumeId: 'vol-1', encrypted: false }, { id: 'vol-2', volumeId: 'vol-2', encrypted: true }] } }),
    );
    expect(f.status).toBe('unknown');
    expect(f.reason).toMatch(/^rule error: on item vol-1: expected true or false, got string/);
  });
  it('items that are not a list', () => {
    const f = one(evaluate(rule({ items: 'vm.aws.state', check: 'item == "x"' }), { aws: { state: 'running' } }));
    expect(f.reason).toMatch(/^rule error: items is not a list/);
  });
});

// ---------------------------------------------------------------------------------------------

const SG_FIX = {
  cli: [
    { run: 'aws ec2 revoke-security-group-ingress --group-id {groupId} --security-group-rule-ids {securityGroupRuleId}' },
    { run: 'aws ec2 authorize-security-group-ingress --group-id {groupId} --protocol tcp --port 22 --cidr {user.trustedCidr}' },
  ],
};
const ssh = rule(
  {
    severity: { level: 'critical', lowerWhenNotPublic: true },
    items: 'flatten(vm.aws.securityGroups.filter(g, has(g.inbound)).map(g, g.inbound))',
    complete: 'vm.aws.securityGroups.all(g, has(g.inbound))',
    check: '!(isPublicSource(item.source) && exposes(item, "SSH"))',
    fix: SG_FIX,
  },
  'aws-test-ssh',
);
const open22 = (id: string, groupId: string, extra: Record<string, unknown> = {}) => ({
  id,
  groupId,
  protocol: 'tcp',
  ports: ['22'],
  source: '0.0.0.0/0',
  ...extra,
});

describe('items: one finding per failing item, each with its own fix', () => {
  it('two open rules in two groups → two findings with their own ids filled in', () => {
    const findings = evaluate(ssh, {
      aws: {
        securityGroups: [
          { id: 'sg-a', groupId: 'sg-a', inbound: [open22('sgr-a1', 'sg-a', { securityGroupRuleId: 'sgr-a1' }), { ...open22('sgr-a2', 'sg-a'), source: '10.0.0.0/8' }] },
          { id: 'sg-b', groupId: 'sg-b', inbound: [open22('sgr-b1', 'sg-b', { securityGroupRuleId: 'sgr-b1' })] },
        ],
      },
    });
    expect(findings.map((f) => [f.status, f.item])).toEqual([
      ['fail', 'sgr-a1'],
      ['fail', 'sgr-b1'],
    ]);
    expect(findings[0].fix?.cli[0].command).toBe(
      'aws ec2 revoke-security-group-ingress --group-id sg-a --security-group-rule-ids sgr-a1 --region us-east-1',
    );
    expect(findings[1].fix?.cli[0].command).toBe(
      'aws ec2 revoke-security-group-ingress --group-id sg-b --security-group-rule-ids sgr-b1 --region us-east-1',
    );
    expect(findings[0].fix?.cli[1].unfilled).toEqual(['{user.trustedCidr}']);
  });

  it('an item without a rule id leaves {securityGroupRuleId} unfilled (never borrowed from another item)', () => {
    const findings = evaluate(ssh, {
      aws: {
        securityGroups: [{ id: 'sg-a', groupId: 'sg-a', inbound: [open22('sgr-a1', 'sg-a', { securityGroupRuleId: 'sgr-a1' }), open22('sg-a/in/tcp/22', 'sg-a')] }],
      },
    });
    expect(findings[1].item).toBe('sg-a/in/tcp/22');
    expect(findings[1].fix?.cli[0].command).toContain('--security-group-rule-ids {securityGroupRuleId}');
    expect(findings[1].fix?.cli[0].unfilled).toEqual(['{securityGroupRuleId}']);
  });

  it('one open rule fails although another group was not seen (spec §1.2)', () => {
    const findings = evaluate(ssh, { aws: { securityGroups: [{ id: 'sg-a', groupId: 'sg-a', inbound: [open22('r1', 'sg-a')] }, { id: 'sg-b', groupId: 'sg-b' }] } });
    expect(findings.map((f) => f.status)).toEqual(['fail']);
  });

  it('a clean list → pass', () => {
    expect(one(evaluate(ssh, { aws: { securityGroups: [{ id: 'sg-a', groupId: 'sg-a', inbound: [] }] } })).status).toBe('pass');
  });

  it('complete false → a clean partial list is unknown', () => {
    const f = one(evaluate(ssh, { aws: { securityGroups: [{ id: 'sg-a', groupId: 'sg-a', inbound: [] }, { id: 'sg-b', groupId: 'sg-b' }] } }));
    expect(f.status).toBe('unknown');
    expect(f.reason).toBe('only part of the list was seen, and that part passes');
  });

  it('the list itself not seen → unknown', () => {
    const f = one(evaluate(ssh, { aws: {} }));
    expect(f.status).toBe('unknown');
    expect(f.reason).toMatch(/not seen: securityGroups/);
  });

  it('an item that cannot be judged, none failing → unknown naming the item', () => {
    const enc = rule({ items: 'vm.aws.volumes', check: 'item.encrypted == true' });
    const f = one(evaluate(enc, { aws: { volumes: [{ id: 'vol-1', volumeId: 'vol-1', encrypted: true }, { id: 'vol-2', volumeId: 'vol-2' }] } }));
    expect(f.status).toBe('unknown');
    expect(f.reason).toMatch(/^vol-2: not seen: encrypted/);
  });

  it('item fields fill the template; an element without an id is named by its position', () => {
    const enc = rule({
      items: 'vm.aws.volumes',
      check: 'item.encrypted == true',
      fix: { cli: [{ run: 'aws ec2 detach-volume --volume-id {volumeId} --device {deviceName} --instance-id {instanceId}' }] },
    });
    const [f] = evaluate(enc, { aws: { instanceId: 'i-0test', volumes: [{ id: 'vol-9', volumeId: 'vol-9', deviceName: '/dev/sdf', encrypted: false }] } });
    expect(f.item).toBe('vol-9');
    expect(f.fix?.cli[0].command).toBe('aws ec2 detach-volume --volume-id vol-9 --device /dev/sdf --instance-id i-0test --region us-east-1');
  });
});

describe('severity', () => {
  const groups = (extra: Record<string, unknown> = {}) => ({ ...extra, aws: { securityGroups: [{ id: 'sg-a', groupId: 'sg-a', inbound: [open22('r1', 'sg-a')] }] } });
  it('↓ lowers one level only when the VM provably has no public address', () => {
    expect(one(evaluate(ssh, groups({ hasPublicAddress: false }))).severity).toBe('high');
    expect(one(evaluate(ssh, groups({ hasPublicAddress: true }))).severity).toBe('critical');
    expect(one(evaluate(ssh, groups())).severity).toBe('critical');
  });
  it('info cannot go lower', () => {
    const c = rule({ severity: { level: 'info', lowerWhenNotPublic: true }, check: 'false' });
    expect(one(evaluate(c, { hasPublicAddress: false })).severity).toBe('info');
  });
  it('a pass or unknown finding carries the listed level', () => {
    expect(one(evaluate(ssh, { hasPublicAddress: false, aws: { securityGroups: [{ id: 'sg-a', groupId: 'sg-a', inbound: [] }] } })).severity).toBe('critical');
    expect(one(evaluate(ssh, { hasPublicAddress: false, aws: {} })).severity).toBe('critical');
  });
  it('conditions: the first that holds sets the level; one not known does not', () => {
    const c = rule({
      severity: {
        level: 'medium',
        when: [
          { if: 'vm.aws.metadataOptions.httpTokens == "optional"', level: 'high' },
          { if: 'vm.aws.state == "stopped"', level: 'low' },
        ],
      },
      check: 'vm.aws.iamInstanceProfileArn == null',
    });
    const arn = 'arn:aws:iam::1:instance-profile/x';
    expect(one(evaluate(c, { aws: { iamInstanceProfileArn: arn, metadataOptions: { httpTokens: 'optional' }, state: 'stopped' } })).severity).toBe('high');
    expect(one(evaluate(c, { aws: { iamInstanceProfileArn: arn, metadataOptions: { httpTokens: 'required' }, state: 'stopped' } })).severity).toBe('low');
    expect(one(evaluate(c, { aws: { iamInstanceProfileArn: arn } })).severity).toBe('medium');
  });
});

describe('fix steps with conditions', () => {
  const c = rule({
    check: 'size(vm.aws.publicIpv4Addresses) == 0',
    fix: {
      cli: [
        { run: 'aws ec2 disassociate-address --association-id {eipAssociationId}', when: 'vm.aws.networkInterfaces.exists(n, n.ipOwnerId != "amazon")' },
        { run: 'aws ec2 modify-network-interface-attribute --network-interface-id {networkInterfaceId} --no-associate-public-ip-address', when: '!vm.aws.networkInterfaces.exists(n, n.ipOwnerId != "amazon")' },
      ],
    },
  });
  it('a step whose condition is false is dropped', () => {
    const f = one(evaluate(c, { aws: { publicIpv4Addresses: ['54.1.1.1'], networkInterfaces: [{ id: 'eni-1', networkInterfaceId: 'eni-1', deviceIndex: 0, ipOwnerId: 'amazon' }] } }));
    expect(f.fix?.cli.map((s) => s.command)).toEqual(['aws ec2 modify-network-interface-attribute --network-interface-id eni-1 --no-associate-public-ip-address --region us-east-1']);
  });
  it('a step whose condition is not known is shown (it may be the one that applies)', () => {
    const f = one(evaluate(c, { aws: { publicIpv4Addresses: ['54.1.1.1'] } }));
    expect(f.fix?.cli).toHaveLength(2);
  });
});

describe('time and settings', () => {
  const age = rule({ check: 'ageDays(vm.aws.launchTime, now) <= config.restartMaxDays' });
  it('"now" is an input', () => {
    expect(one(evaluate(age, { aws: { launchTime: '2026-11-01T00:00:00Z' } }, NOW)).status).toBe('pass');
    expect(one(evaluate(age, { aws: { launchTime: '2026-11-01T00:00:00Z' } }, '2027-11-01T00:00:00Z')).status).toBe('fail');
  });
  it('thresholds are configurable', () => {
    const snap = vm({ aws: { launchTime: '2026-11-01T00:00:00Z' } });
    expect(evaluateResource([age], snap, { now: NOW, config: { restartMaxDays: 10 } })[0].status).toBe('fail');
    expect(DEFAULT_CONFIG.restartMaxDays).toBe(180);
  });
  it('an unreadable date is unknown, not a rule error', () => {
    const f = one(evaluate(age, { aws: { launchTime: 'yesterday' } }));
    expect(f.status).toBe('unknown');
    expect(f.reason).toMatch(/cannot read the date "yesterday"/);
  });
});

// ---------------------------------------------------------------------------------------------

describe('evidence', () => {
  it('shows the values at the paths the rule reads, with where each was read', () => {
    const c = rule({ check: 'vm.aws.metadataOptions.httpTokens == "required" && vm.aws.monitoringState == "enabled"' });
    const f = one(
      evaluate(c, {
        sources: { aws: 'file: instances.json#Reservations[0].Instances[0]', 'aws.metadataOptions': 'page: Instance metadata' },
        aws: { metadataOptions: { httpTokens: 'optional' }, monitoringState: 'enabled' },
      }),
    );
    expect(f.evidence).toEqual([
      { path: 'aws.metadataOptions.httpTokens', value: 'optional', source: 'page: Instance metadata' },
      { path: 'aws.monitoringState', value: 'enabled', source: 'file: instances.json#Reservations[0].Instances[0]' },
    ]);
  });

  it('values not seen are left out; no sources → no source', () => {
    const c = rule({ check: 'vm.aws.metadataOptions.httpTokens == "required"' });
    expect(one(evaluate(c, { aws: {} })).evidence).toEqual([]);
    expect(one(evaluate(c, { aws: { metadataOptions: { httpTokens: 'optional' } } })).evidence).toEqual([
      { path: 'aws.metadataOptions.httpTokens', value: 'optional' },
    ]);
  });

  it('an item is shown at its own path, with the source of its group', () => {
    const [f] = evaluate(ssh, {
      sources: { aws: 'file: instances.json', 'aws.securityGroups[sg-b]': 'file: groups.json#SecurityGroups[1]' },
      aws: {
        securityGroups: [
          { id: 'sg-a', groupId: 'sg-a', inbound: [] },
          { id: 'sg-b', groupId: 'sg-b', inbound: [open22('sgr-7', 'sg-b')] },
        ],
      },
    });
    expect(f.item).toBe('sgr-7');
    const byPath = Object.fromEntries(f.evidence.map((e) => [e.path, e]));
    expect(byPath['aws.securityGroups[sg-b].inbound[sgr-7].source']).toEqual({
      path: 'aws.securityGroups[sg-b].inbound[sgr-7].source',
      value: '0.0.0.0/0',
      source: 'file: groups.json#SecurityGroups[1]',
    });
    expect(byPath['aws.securityGroups[sg-b].inbound[sgr-7].ports']?.value).toEqual(['22']);
    expect(byPath['aws.securityGroups[sg-b].inbound[sgr-7].protocol']?.value).toBe('tcp');
  });

  it('an item of a single-level list (volumes) names its element and finds its source', () => {
    const enc = rule({ items: 'vm.aws.volumes', check: 'item.encrypted == true' });
    const [f] = evaluate(enc, {
      sources: { aws: 'file: instances.json', 'aws.volumes[vol-2]': 'file: volumes.json#Volumes[1]' },
      aws: { volumes: [{ id: 'vol-1', volumeId: 'vol-1', encrypted: true }, { id: 'vol-2', volumeId: 'vol-2', encrypted: false }] },
    });
    expect(f.evidence.find((e) => e.path === 'aws.volumes[vol-2].encrypted')).toEqual({
      path: 'aws.volumes[vol-2].encrypted',
      value: false,
      source: 'file: volumes.json#Volumes[1]',
    });
  });

  it('never shows user data itself; the secret matches are masked', () => {
    const c = rule({ applies: 'vm.aws.userData != null', check: 'size(secrets(vm.aws.userData)) == 0', evidence: 'secrets(vm.aws.userData)' });
    const userData = Buffer.from('#!/bin/sh\nexport AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE\n').toString('base64');
    const f = one(evaluate(c, { aws: { userData } }));
    expect(f.status).toBe('fail');
    const shown = JSON.stringify(f.evidence);
    expect(shown).not.toContain(userData);
    expect(shown).not.toContain('AKIAIOSFODNN7EXAMPLE');
    expect(f.evidence[0]).toEqual({ path: 'aws.userData', value: `(${userData.length} characters, not shown)` });
    expect(f.evidence[1].path).toBe('matches');
    expect(String(f.evidence[1].value)).toMatch(/AKIA…/);
  });

  it('evaluateRule works on a context built by hand (the examples test does this)', () => {
    const snap = vm({ aws: { monitoringState: 'disabled' } });
    const c = rule({ check: 'vm.aws.monitoringState == "enabled"' });
    const [f] = evaluateRule(c, { vm: snap, resource: snap, now: NOW, config: DEFAULT_CONFIG }, () => ({ instanceId: 'i-x', region: 'r' }));
    expect(f.fix?.cli[0].command).toBe('aws ec2 do-something --instance-id i-x --region r');
  });
});
