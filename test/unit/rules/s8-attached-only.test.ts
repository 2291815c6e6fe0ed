/**
 * Spec §4 S8: only controls attached to this VM count; an open SG elsewhere is ignored. A rule
 * example cannot show this (a snapshot only ever holds the VM's attached groups), so it is proved
 * end to end here: AWS CLI JSON → normaliser → the SG rules. Attached = `SecurityGroups[]` ∪
 * `NetworkInterfaces[].Groups[]` (spec §3 AWS).
 */
import { describe, expect, it } from 'vitest';
import { evaluateResource } from '../../../src/engine/evaluate';
import { loadRulesFromDir } from '../../../src/engine/load-rules-fs';
import { normaliseAws } from '../../../src/providers/aws/normalise';

const SG_RULES = ['aws-sg-ssh-not-public', 'aws-sg-rdp-not-public', 'aws-sg-all-ports-not-public', 'aws-sg-db-ports-not-public', 'aws-sg-admin-ports-not-public'].sort();
const rules = loadRulesFromDir().filter((c) => SG_RULES.includes(c.rule.id));

const openToAll = (groupId: string) => ({
  GroupId: groupId,
  GroupName: groupId,
  IpPermissions: [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] }],
  IpPermissionsEgress: [],
});
const closed = (groupId: string) => ({
  GroupId: groupId,
  GroupName: groupId,
  IpPermissions: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '10.0.0.0/8' }] }],
  IpPermissionsEgress: [],
});

function instance(enisGroups: string[]) {
  return {
    Reservations: [
      {
        Instances: [
          {
            InstanceId: 'i-0s8',
            Placement: { AvailabilityZone: 'us-east-1a' },
            State: { Name: 'running' },
            SecurityGroups: [{ GroupId: 'sg-attached', GroupName: 'sg-attached' }],
            NetworkInterfaces: [
              {
                NetworkInterfaceId: 'eni-1',
                Attachment: { DeviceIndex: 0, AttachmentId: 'eni-attach-1' },
                Groups: enisGroups.map((g) => ({ GroupId: g, GroupName: g })),
              },
            ],
          },
        ],
      },
    ],
  };
}

describe('S8: only the security groups attached to the VM count', () => {
  it('an open group elsewhere in the account is ignored', () => {
    const [vm] = normaliseAws([
      { file: 'instances.json', doc: instance(['sg-attached']) },
      { file: 'groups.json', doc: { SecurityGroups: [closed('sg-attached'), openToAll('sg-elsewhere')] } },
    ]);
    expect(vm.aws?.securityGroups?.map((g) => g.groupId)).toEqual(['sg-attached']);
    const findings = evaluateResource(rules, vm, { now: '2026-12-03T00:00:00Z' });
    expect(findings.map((f) => [f.ruleId, f.status]).sort()).toEqual(SG_RULES.map((id) => [id, 'pass']));
  });

  it('a group attached through a network interface only does count', () => {
    const [vm] = normaliseAws([
      { file: 'instances.json', doc: instance(['sg-attached', 'sg-on-eni']) },
      { file: 'groups.json', doc: { SecurityGroups: [closed('sg-attached'), openToAll('sg-on-eni')] } },
    ]);
    expect(vm.aws?.securityGroups?.map((g) => g.groupId)).toEqual(['sg-attached', 'sg-on-eni']);
    const findings = evaluateResource(rules, vm, { now: '2026-12-03T00:00:00Z' });
    expect(findings.map((f) => [f.ruleId, f.status]).sort()).toEqual(SG_RULES.map((id) => [id, 'fail']));
    for (const f of findings) expect(f.fix?.cli[0].command).toMatch(/--group-id sg-on-eni /);
  });
});
