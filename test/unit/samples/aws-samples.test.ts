/**
 * Every AWS sample in ../shared/samples (public aws-cli docs and Cloud Custodian recordings),
 * normalised and judged by the bundled rules, against verdicts written BY HAND from reading the
 * JSON (not from running vmlint). Each expectation names the JSON field that decides it.
 *
 * The samples come from unrelated accounts and doc pages: their ids do not join (checked below), so
 * joining an instance file with an SG or volume file that a person would pass alongside it leaves
 * those verdicts unknown. To exercise the SG and volume files' own contents, a few minimal instance
 * documents are CONSTRUCTED here (clearly marked "TEST INPUT"): they reference the samples' ids.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { evaluateResource } from '../../../src/engine/evaluate';
import { loadRulesFromDir } from '../../../src/engine/load-rules-fs';
import type { Finding, Status } from '../../../src/model/finding';
import type { Severity } from '../../../src/model/rule';
import type { VmSnapshot } from '../../../src/model/snapshot';
import { normaliseAws, type AwsInput } from '../../../src/providers/aws/normalise';
import {
  SAMPLES_DIR,
  convertPlaceboDatetimes,
  listSampleFiles,
  loadAwsSample,
  readSampleText,
  repairDocJson,
  rstJsonExamples,
  samplesAvailable,
} from '../../helpers/samples';

/** Fixed "now" for the age rules: 250 days after add_by_tag's launch, 7 after interface_detach's. */
const NOW = '2023-11-01T00:00:00Z';

const S = {
  cliInstances: 'aws/aws-cli/describe-instances.rst',
  cliGroups: 'aws/aws-cli/describe-security-groups.rst',
  cliVolumes: 'aws/aws-cli/describe-volumes.rst',
  c7nVolumes: 'aws/cloud-custodian/test_ebs_aws_managed_kms_keys/ec2.DescribeVolumes_1.json',
  c7nAddByTag: 'aws/cloud-custodian/test_ec2_add_by_tag/ec2.DescribeInstances_1.json',
  c7nGroups: 'aws/cloud-custodian/test_ec2_security_group_filter/ec2.DescribeSecurityGroups_1.json',
  c7nDetach: 'aws/cloud-custodian/test_interface_detach_primary_nic_1/ec2.DescribeInstances_1.json',
} as const;

const rules = loadRulesFromDir().filter((c) => c.rule.provider === 'aws');
const RULE_IDS = rules.map((c) => c.rule.id).sort();

const input = (file: string): AwsInput => ({ file, doc: loadAwsSample(file) });

type Expect = { status: Status; severity?: Severity; items?: string[] };
type Table = Record<string, Expect>;

interface Judged {
  snap: VmSnapshot;
  findings: Finding[];
}

function judge(inputs: AwsInput[]): Map<string, Judged> {
  const out = new Map<string, Judged>();
  for (const snap of normaliseAws(inputs)) {
    const findings = evaluateResource(rules, snap, { now: NOW });
    for (const f of findings) expect(f.reason ?? '', `${f.ruleId}: ${f.reason}`).not.toMatch(/^rule error/);
    out.set(snap.id, { snap, findings });
  }
  return out;
}

function findingsOf(judged: Judged, ruleId: string): Finding[] {
  const fs = judged.findings.filter((f) => f.ruleId === ruleId);
  expect(fs.length, `${ruleId} produced no finding`).toBeGreaterThan(0);
  return fs;
}

/** The verdict of every rule in `table` (status; severity of failing findings; failing items). */
function expectVerdicts(judged: Judged, table: Table) {
  for (const [ruleId, want] of Object.entries(table)) {
    const fs = findingsOf(judged, ruleId);
    const statuses = [...new Set(fs.map((f) => f.status))];
    expect(statuses, `${judged.snap.id} ${ruleId}: ${JSON.stringify(fs.map((f) => [f.status, f.reason]))}`).toEqual([want.status]);
    if (want.status === 'fail' && want.severity) {
      expect(fs.map((f) => f.severity), `${judged.snap.id} ${ruleId} severity`).toEqual(fs.map(() => want.severity));
    }
    if (want.items) expect(fs.map((f) => f.item).sort(), `${ruleId} items`).toEqual([...want.items].sort());
  }
}

/** A compact, comparable form of all verdicts of one instance. */
function summary(judged: Judged): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of judged.findings) {
    const key = f.item ? `${f.ruleId} ${f.item}` : f.ruleId;
    out[key] = f.status === 'fail' ? `fail/${f.severity}` : f.status;
  }
  return out;
}

const SG_RULES = ['aws-sg-ssh-not-public', 'aws-sg-rdp-not-public', 'aws-sg-all-ports-not-public', 'aws-sg-db-ports-not-public', 'aws-sg-admin-ports-not-public'];
const sgRules = (e: Expect): Table => Object.fromEntries(SG_RULES.map((id) => [id, e]));

// ---------------------------------------------------------------------------------------------
// Hand-written verdicts per instance sample (all 21 AWS rules each).

/** Custodian test_ec2_add_by_tag: i-08797f38d2e80c9d0 ("bastion-vpc-…"), us-west-2b. */
const ADD_BY_TAG: Table = {
  // MetadataOptions.HttpTokens = "optional" (HttpEndpoint "enabled"): IMDSv1 allowed.
  'aws-ec2-imdsv2-required': { status: 'fail', severity: 'high' },
  // MetadataOptions.HttpPutResponseHopLimit = 1.
  'aws-ec2-imds-hop-limit-max-1': { status: 'pass' },
  // PublicIpAddress = 44.241.94.120 (and NetworkInterfaces[0].Association.PublicIp).
  'aws-ec2-no-public-ipv4': { status: 'fail', severity: 'medium' },
  // Public IPv4 present → the public-instance rule governs instead.
  'aws-ec2-instance-profile-attached': { status: 'not-applicable' },
  // Public IPv4 AND IamInstanceProfile.Arn present; high because HttpTokens = "optional".
  'aws-ec2-public-instance-no-instance-profile': { status: 'fail', severity: 'high' },
  // BlockDeviceMappings[0].Ebs.VolumeId vol-0bb15d11406b510bd: no describe-volumes says whether it is encrypted.
  'aws-ebs-volumes-encrypted': { status: 'unknown' },
  // EbsEncryptionByDefault is account/region data, not in describe-instances.
  'aws-ebs-default-encryption-enabled': { status: 'unknown' },
  // Monitoring.State = "enabled".
  'aws-ec2-detailed-monitoring-enabled': { status: 'pass' },
  // Tags: aws:autoscaling:groupName = chp-bastion-AutoScalingGroup-… → ASG member.
  'aws-ec2-termination-protection-enabled': { status: 'not-applicable' },
  // SecurityGroups sg-0cba7a01d343d5c65, sg-02e14ba7dd2dbe44b: their rules are not in this file.
  ...sgRules({ status: 'unknown' }),
  // Group names oip-vpc-endpoint-sg and FMManagedSecurityGroup…: none is "default".
  'aws-sg-default-group-no-rules': { status: 'not-applicable' },
  // SourceDestCheck = true on the instance and on NetworkInterfaces[0].
  'aws-ec2-source-dest-check-enabled': { status: 'pass' },
  // UserData is not part of describe-instances (describe-instance-attribute gives it).
  'aws-ec2-user-data-no-secrets': { status: 'unknown' },
  // VirtualizationType = "hvm".
  'aws-ec2-hvm-virtualization': { status: 'pass' },
  // State.Name = "running".
  'aws-ec2-stopped-max-30-days': { status: 'not-applicable' },
  // One NetworkInterfaces entry; no eks:cluster-name / kubernetes.io/cluster/* tag.
  'aws-ec2-single-eni': { status: 'pass' },
  // LaunchTime 2023-02-23T10:09:06 (placebo datetime) is 250 days before NOW (> 180).
  'aws-ec2-restarted-within-180-days': { status: 'fail', severity: 'info' },
};

/** Custodian test_interface_detach_primary_nic_1: i-042c20d5454745bbe ("sas-cc-test"), us-east-1a. */
const INTERFACE_DETACH: Table = {
  // MetadataOptions.HttpTokens = "required".
  'aws-ec2-imdsv2-required': { status: 'pass' },
  // HttpPutResponseHopLimit = 2 with HttpTokens "required" → fail at info (S11, container hosts).
  'aws-ec2-imds-hop-limit-max-1': { status: 'fail', severity: 'info' },
  // PublicIpAddress = 34.207.89.111 (Association.IpOwnerId "amazon": auto-assigned).
  'aws-ec2-no-public-ipv4': { status: 'fail', severity: 'medium' },
  // Public IPv4 present → N/A.
  'aws-ec2-instance-profile-attached': { status: 'not-applicable' },
  // No IamInstanceProfile key in the instance → no role on this public instance.
  'aws-ec2-public-instance-no-instance-profile': { status: 'pass' },
  // BlockDeviceMappings[0].Ebs.VolumeId vol-0904c952fa2e0890f, not described.
  'aws-ebs-volumes-encrypted': { status: 'unknown' },
  // Not in describe-instances.
  'aws-ebs-default-encryption-enabled': { status: 'unknown' },
  // Monitoring.State = "disabled".
  'aws-ec2-detailed-monitoring-enabled': { status: 'fail', severity: 'low' },
  // Not Spot (no InstanceLifecycle), no ASG tag; DisableApiTermination is not in describe-instances.
  'aws-ec2-termination-protection-enabled': { status: 'unknown' },
  // SecurityGroups sg-0ad159022dbc679a4 (launch-wizard-7): rules not in this file.
  ...sgRules({ status: 'unknown' }),
  // Group name launch-wizard-7, not "default".
  'aws-sg-default-group-no-rules': { status: 'not-applicable' },
  // SourceDestCheck = true on the instance and its one ENI.
  'aws-ec2-source-dest-check-enabled': { status: 'pass' },
  // No UserData in describe-instances.
  'aws-ec2-user-data-no-secrets': { status: 'unknown' },
  // VirtualizationType = "hvm".
  'aws-ec2-hvm-virtualization': { status: 'pass' },
  // State.Name = "running".
  'aws-ec2-stopped-max-30-days': { status: 'not-applicable' },
  // One NetworkInterfaces entry, only a Name tag.
  'aws-ec2-single-eni': { status: 'pass' },
  // LaunchTime 2023-10-24T19:33:02 is 7 days before NOW.
  'aws-ec2-restarted-within-180-days': { status: 'pass' },
};

/** aws-cli describe-instances.rst Example 1: i-1234567890abcdef0 ("my-instance"), us-east-2a. */
const CLI_INSTANCE: Table = {
  // MetadataOptions.HttpTokens = "optional".
  'aws-ec2-imdsv2-required': { status: 'fail', severity: 'high' },
  // HttpPutResponseHopLimit = 1.
  'aws-ec2-imds-hop-limit-max-1': { status: 'pass' },
  // PublicIpAddress = 34.253.223.13 (IpOwnerId "amazon").
  'aws-ec2-no-public-ipv4': { status: 'fail', severity: 'medium' },
  // Public → N/A.
  'aws-ec2-instance-profile-attached': { status: 'not-applicable' },
  // IamInstanceProfile.Arn …AmazonSSMRoleForInstancesQuickSetup on a public instance; HttpTokens "optional" → high.
  'aws-ec2-public-instance-no-instance-profile': { status: 'fail', severity: 'high' },
  // BlockDeviceMappings[0].Ebs.VolumeId vol-02e6ccdca7de29cf2, not described.
  'aws-ebs-volumes-encrypted': { status: 'unknown' },
  'aws-ebs-default-encryption-enabled': { status: 'unknown' },
  // Monitoring.State = "disabled".
  'aws-ec2-detailed-monitoring-enabled': { status: 'fail', severity: 'low' },
  // No ASG tag, not Spot; DisableApiTermination not given.
  'aws-ec2-termination-protection-enabled': { status: 'unknown' },
  // SecurityGroups sg-1234567890abcdefg (launch-wizard-146): not described here.
  ...sgRules({ status: 'unknown' }),
  // launch-wizard-146 is not "default".
  'aws-sg-default-group-no-rules': { status: 'not-applicable' },
  // SourceDestCheck = true (instance and ENI).
  'aws-ec2-source-dest-check-enabled': { status: 'pass' },
  'aws-ec2-user-data-no-secrets': { status: 'unknown' },
  // VirtualizationType = "hvm".
  'aws-ec2-hvm-virtualization': { status: 'pass' },
  // State.Name = "running".
  'aws-ec2-stopped-max-30-days': { status: 'not-applicable' },
  // One ENI; only a Name tag.
  'aws-ec2-single-eni': { status: 'pass' },
  // LaunchTime "2022-11-15T10:48:59+00:00" is 351 days before NOW.
  'aws-ec2-restarted-within-180-days': { status: 'fail', severity: 'info' },
};

// ---------------------------------------------------------------------------------------------

describe('AWS samples: loading', () => {
  it('finds the samples folder beside the repository', () => {
    expect(samplesAvailable(), `no samples at ${SAMPLES_DIR}`).toBe(true);
  });

  it('covers every AWS sample file', () => {
    expect(listSampleFiles('aws')).toEqual(Object.values(S).sort());
  });

  it('unwraps placebo recordings and turns their datetimes into ISO strings', () => {
    const d = loadAwsSample(S.c7nAddByTag) as any;
    expect(d.status_code).toBeUndefined();
    expect(d.Reservations[0].Instances[0].LaunchTime).toBe('2023-02-23T10:09:06+00:00');
    const v = loadAwsSample(S.c7nVolumes) as any;
    // CreateTime has microsecond 901000.
    expect(v.Volumes[0].CreateTime).toBe('2016-07-24T10:35:06.901000+00:00');
    expect(convertPlaceboDatetimes({ a: [{ __class__: 'datetime', year: 2020, month: 1, day: 2, hour: 3, minute: 4, second: 5, microsecond: 0 }] })).toEqual({
      a: ['2020-01-02T03:04:05+00:00'],
    });
  });

  it('extracts Output:: JSON from the aws-cli pages, repairing their two doc slips', () => {
    const inst = rstJsonExamples(readSampleText(S.cliInstances));
    // Example 1 parses as it is; Example 8 ("..." elision) is skipped; Example 11 is an array.
    expect(inst[0]).toMatchObject({ example: 'Example 1: To describe an instance', repaired: false });
    const sgs = rstJsonExamples(readSampleText(S.cliGroups));
    // Trailing comma after "GroupId": "sg-903004f8".
    expect(sgs[0].repaired).toBe(true);
    expect((sgs[0].json as any).SecurityGroups[0].GroupId).toBe('sg-903004f8');
    const vols = rstJsonExamples(readSampleText(S.cliVolumes));
    // KmsKeyId string without its closing quote.
    expect(vols[0].repaired).toBe(true);
    expect((vols[0].json as any).Volumes[0].KmsKeyId).toBe('arn:aws:kms:us-east-2a:123456789012:key/8c5b2c63-b9bc-45a3-a87a-5513eEXAMPLE');
    expect((vols[0].json as any).Volumes[0].VolumeType).toBe('gp2');
  });

  it('repairDocJson closes an unterminated string before its trailing comma and drops trailing commas', () => {
    expect(JSON.parse(repairDocJson('{\n "a": "x,\n "b": [1, 2,],\n}'))).toEqual({ a: 'x', b: [1, 2] });
    expect(JSON.parse(repairDocJson('{\n "a": "x\n}'))).toEqual({ a: 'x' });
    expect(repairDocJson('{"a": "say \\"hi\\"",\n"b": 1}')).toBe('{"a": "say \\"hi\\"",\n"b": 1}');
  });
});

describe('AWS samples: each instance file alone', () => {
  it('the verdict tables cover every AWS rule', () => {
    for (const t of [ADD_BY_TAG, INTERFACE_DETACH, CLI_INSTANCE]) expect(Object.keys(t).sort()).toEqual(RULE_IDS);
  });

  it('custodian add_by_tag: IMDSv1 on a public bastion with a role', () => {
    const all = judge([input(S.c7nAddByTag)]);
    expect([...all.keys()]).toEqual(['i-08797f38d2e80c9d0']);
    const j = all.get('i-08797f38d2e80c9d0')!;
    expect(j.snap.name).toBe('bastion-vpc-07bd7be62998ee0f2'); // Tags Name
    expect(j.snap.region).toBe('us-west-2'); // Placement.AvailabilityZone us-west-2b
    expectVerdicts(j, ADD_BY_TAG);
    // Association.IpOwnerId "999999999999" (an account, not "amazon") = Elastic IP → disassociate-address;
    // its association id needs describe-addresses, so the placeholder stays visible.
    const [pub] = findingsOf(j, 'aws-ec2-no-public-ipv4');
    expect(pub.fix!.cli.map((s) => s.command)).toEqual(['aws ec2 disassociate-address --association-id {eipAssociationId} --region us-west-2']);
    expect(pub.fix!.cli[0].unfilled).toEqual(['{eipAssociationId}']);
    const [imds] = findingsOf(j, 'aws-ec2-imdsv2-required');
    expect(imds.fix!.cli[0].command).toBe(
      'aws ec2 modify-instance-metadata-options --instance-id i-08797f38d2e80c9d0 --http-tokens required --http-endpoint enabled --region us-west-2',
    );
    expect(imds.evidence).toContainEqual(expect.objectContaining({ path: 'aws.metadataOptions.httpTokens', value: 'optional' }));
  });

  it('custodian interface_detach: IMDSv2 enforced, hop limit 2, auto-assigned public IP, no role', () => {
    const j = judge([input(S.c7nDetach)]).get('i-042c20d5454745bbe')!;
    expectVerdicts(j, INTERFACE_DETACH);
    // IpOwnerId "amazon" = auto-assigned address → modify-network-interface-attribute on eni-007ebb46d3795b43b.
    const [pub] = findingsOf(j, 'aws-ec2-no-public-ipv4');
    expect(pub.fix!.cli.map((s) => s.command)).toEqual([
      'aws ec2 modify-network-interface-attribute --network-interface-id eni-007ebb46d3795b43b --no-associate-public-ip-address --region us-east-1',
    ]);
  });

  it('aws-cli describe-instances Example 1: IMDSv1, public, SSM role', () => {
    const all = judge([input(S.cliInstances)]);
    expect([...all.keys()]).toEqual(['i-1234567890abcdef0']);
    expectVerdicts(all.get('i-1234567890abcdef0')!, CLI_INSTANCE);
  });
});

describe('AWS samples: instance files joined with the SG and volume files beside them', () => {
  it('the custodian files share no ids: joining changes no verdict', () => {
    const groups = (loadAwsSample(S.c7nGroups) as any).SecurityGroups.map((g: any) => g.GroupId);
    const vols = (loadAwsSample(S.c7nVolumes) as any).Volumes;
    // The SG file holds sg-926a56e8 and sg-411b413c; the instances use sg-0cba7a01d343d5c65,
    // sg-02e14ba7dd2dbe44b and sg-0ad159022dbc679a4.
    expect(groups).toEqual(['sg-926a56e8', 'sg-411b413c']);
    // The volumes file's only attached volume (vol-37e189b7) belongs to i-0bfe468063b02d018, which
    // is neither instance; the instances map vol-0bb15d11406b510bd and vol-0904c952fa2e0890f.
    expect(vols.map((v: any) => v.VolumeId)).toEqual(['vol-37e189b7', 'vol-cc3fc645', 'vol-14a3cd9d']);
    expect(vols.flatMap((v: any) => v.Attachments.map((a: any) => a.InstanceId))).toEqual(['i-0bfe468063b02d018']);

    const joined = judge([input(S.c7nAddByTag), input(S.c7nDetach), input(S.c7nGroups), input(S.c7nVolumes)]);
    expect([...joined.keys()].sort()).toEqual(['i-042c20d5454745bbe', 'i-08797f38d2e80c9d0']);
    const a = joined.get('i-08797f38d2e80c9d0')!;
    const b = joined.get('i-042c20d5454745bbe')!;
    expectVerdicts(a, ADD_BY_TAG);
    expectVerdicts(b, INTERFACE_DETACH);
    expect(summary(a)).toEqual(summary(judge([input(S.c7nAddByTag)]).get('i-08797f38d2e80c9d0')!));
    expect(summary(b)).toEqual(summary(judge([input(S.c7nDetach)]).get('i-042c20d5454745bbe')!));
    // Volumes stay unknown: their mapped volume is not among the described ones.
    expect(a.snap.aws!.volumes).toEqual([{ id: 'vol-0bb15d11406b510bd', volumeId: 'vol-0bb15d11406b510bd', deviceName: '/dev/xvda' }]);
  });

  it('the aws-cli pages share no SG or mapped-volume ids: joining changes no verdict', () => {
    // describe-security-groups describes sg-903004f8; the instance uses sg-1234567890abcdefg.
    // describe-volumes says vol-049df61146c4d7901 is attached to i-1234567890abcdef0 at /dev/sda1,
    // but the instance's own BlockDeviceMappings list only vol-02e6ccdca7de29cf2 at /dev/xvda (the
    // doc pages are independent examples): the mapped volume is still not described → unknown.
    const joined = judge([input(S.cliInstances), input(S.cliGroups), input(S.cliVolumes)]);
    const j = joined.get('i-1234567890abcdef0')!;
    expectVerdicts(j, CLI_INSTANCE);
    expect(summary(j)).toEqual(summary(judge([input(S.cliInstances)]).get('i-1234567890abcdef0')!));
    expect(j.snap.aws!.securityGroups!.map((g) => [g.groupId, g.inbound])).toEqual([['sg-1234567890abcdefg', undefined]]);
  });

  it('SG and volume files alone hold no VM', () => {
    for (const f of [S.c7nGroups, S.c7nVolumes, S.cliGroups, S.cliVolumes]) expect(normaliseAws([input(f)])).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------
// TEST INPUT: minimal describe-instances documents, written here, that reference the ids in the
// SG and volume samples. Everything about the instance itself is made up; the SG / volume data
// judged is the sample's.

function constructedInstance(o: {
  id: string;
  groups?: Array<[string, string]>;
  volumes?: Array<[string, string]>;
  publicIp?: string;
}): AwsInput {
  const inst: Record<string, unknown> = {
    InstanceId: o.id,
    State: { Code: 16, Name: 'running' },
    Placement: { AvailabilityZone: 'us-west-2a' },
    SecurityGroups: (o.groups ?? []).map(([GroupId, GroupName]) => ({ GroupId, GroupName })),
    BlockDeviceMappings: (o.volumes ?? []).map(([DeviceName, VolumeId]) => ({ DeviceName, Ebs: { VolumeId, Status: 'attached' } })),
  };
  if (o.publicIp) inst.PublicIpAddress = o.publicIp;
  return { file: `constructed-${o.id}.json`, doc: { Reservations: [{ Instances: [inst] }] } };
}

const OPEN_SSH_ITEM = 'sg-926a56e8/in/tcp/22/0.0.0.0/0';

describe('AWS samples: the SG and volume files judged through a constructed instance (TEST INPUT)', () => {
  let c7nGroups: AwsInput;
  let cliGroups: AwsInput;
  beforeAll(() => {
    c7nGroups = input(S.c7nGroups);
    cliGroups = input(S.cliGroups);
  });

  it('custodian sg-926a56e8 (tcp 22 from 0.0.0.0/0) on a public instance → SSH fail critical', () => {
    const j = judge([c7nGroups, constructedInstance({ id: 'i-0000000000000a001', groups: [['sg-926a56e8', 'launch-wizard-1']], publicIp: '198.51.100.7' })]).get(
      'i-0000000000000a001',
    )!;
    expectVerdicts(j, {
      // IpPermissions[0]: tcp 22-22, IpRanges 0.0.0.0/0 → public SSH; PublicIpAddress set → no ↓.
      'aws-sg-ssh-not-public': { status: 'fail', severity: 'critical', items: [OPEN_SSH_ITEM] },
      // Only tcp 22 is open: not RDP, not every port, not a DB or admin port.
      'aws-sg-rdp-not-public': { status: 'pass' },
      'aws-sg-all-ports-not-public': { status: 'pass' },
      'aws-sg-db-ports-not-public': { status: 'pass' },
      'aws-sg-admin-ports-not-public': { status: 'pass' },
      // GroupName launch-wizard-1 is not "default".
      'aws-sg-default-group-no-rules': { status: 'not-applicable' },
    });
    const [ssh] = findingsOf(j, 'aws-sg-ssh-not-public');
    expect(ssh.fix!.cli[0].command).toBe('aws ec2 revoke-security-group-ingress --group-id sg-926a56e8 --security-group-rule-ids {securityGroupRuleId} --region us-west-2');
    expect(ssh.evidence).toContainEqual(expect.objectContaining({ path: `aws.securityGroups[sg-926a56e8].inbound[${OPEN_SSH_ITEM}].source`, value: '0.0.0.0/0' }));
  });

  it('the same group on an instance with no public address → SSH fail one level lower (high)', () => {
    const j = judge([c7nGroups, constructedInstance({ id: 'i-0000000000000a002', groups: [['sg-926a56e8', 'launch-wizard-1']] })]).get('i-0000000000000a002')!;
    // No PublicIpAddress, no NetworkInterfaces → provably not public → critical↓ = high.
    expectVerdicts(j, { 'aws-sg-ssh-not-public': { status: 'fail', severity: 'high', items: [OPEN_SSH_ITEM] } });
  });

  it('custodian sg-411b413c (tcp 22 from 204.63.44.148/32) → SSH pass; with sg-926a56e8 too → only that rule fails', () => {
    const alone = judge([c7nGroups, constructedInstance({ id: 'i-0000000000000a003', groups: [['sg-411b413c', 'TEST-PROD-ONLY-SG']], publicIp: '198.51.100.8' })]);
    // IpRanges 204.63.44.148/32 is narrower than /0.
    expectVerdicts(alone.get('i-0000000000000a003')!, { ...sgRules({ status: 'pass' }) });
    const both = judge([
      c7nGroups,
      constructedInstance({ id: 'i-0000000000000a004', groups: [['sg-926a56e8', 'launch-wizard-1'], ['sg-411b413c', 'TEST-PROD-ONLY-SG']], publicIp: '198.51.100.9' }),
    ]);
    expectVerdicts(both.get('i-0000000000000a004')!, { 'aws-sg-ssh-not-public': { status: 'fail', severity: 'critical', items: [OPEN_SSH_ITEM] } });
  });

  it('sg-926a56e8 beside a group that was not described: SSH still fails (SGs only add), RDP unknown', () => {
    const j = judge([
      c7nGroups,
      constructedInstance({ id: 'i-0000000000000a005', groups: [['sg-926a56e8', 'launch-wizard-1'], ['sg-0aaaaaaaaaaaaaaa1', 'not-described']], publicIp: '198.51.100.10' }),
    ]).get('i-0000000000000a005')!;
    expectVerdicts(j, {
      'aws-sg-ssh-not-public': { status: 'fail', severity: 'critical', items: [OPEN_SSH_ITEM] },
      'aws-sg-rdp-not-public': { status: 'unknown' },
    });
  });

  it('aws-cli sg-903004f8: SSH from 203.0.113.0/24 and all traffic from itself → every port rule passes', () => {
    const j = judge([cliGroups, constructedInstance({ id: 'i-0000000000000a006', groups: [['sg-903004f8', 'MySecurityGroup']], publicIp: '198.51.100.11' })]).get(
      'i-0000000000000a006',
    )!;
    expect(j.snap.aws!.securityGroups![0].inbound!.map((r) => [r.protocol, r.ports, r.source])).toEqual([
      ['-1', ['*'], 'sg-903004f8'], // IpPermissions[0]: IpProtocol -1, UserIdGroupPairs sg-903004f8 (self-reference)
      ['tcp', ['22'], '203.0.113.0/24'], // IpPermissions[1]: tcp 22 from the NY office /24
    ]);
    expectVerdicts(j, {
      // 203.0.113.0/24 is not /0.
      'aws-sg-ssh-not-public': { status: 'pass' },
      // -1 from an SG reference is not a public source (S7); egress -1 to 0.0.0.0/0 is not ingress (S5).
      'aws-sg-all-ports-not-public': { status: 'pass' },
      'aws-sg-rdp-not-public': { status: 'pass' },
      'aws-sg-db-ports-not-public': { status: 'pass' },
      'aws-sg-admin-ports-not-public': { status: 'pass' },
      // GroupName "MySecurityGroup".
      'aws-sg-default-group-no-rules': { status: 'not-applicable' },
    });
  });

  it('custodian vol-37e189b7 (Encrypted false) mapped on its own attachment instance → EBS fail high', () => {
    // Volumes[0].Attachments[0]: InstanceId i-0bfe468063b02d018, Device /dev/sda1, Encrypted false.
    const j = judge([input(S.c7nVolumes), constructedInstance({ id: 'i-0bfe468063b02d018', volumes: [['/dev/sda1', 'vol-37e189b7']] })]).get('i-0bfe468063b02d018')!;
    expectVerdicts(j, { 'aws-ebs-volumes-encrypted': { status: 'fail', severity: 'high', items: ['vol-37e189b7'] } });
    const [f] = findingsOf(j, 'aws-ebs-volumes-encrypted');
    expect(f.fix!.cli[0].command).toBe('aws ec2 create-snapshot --volume-id vol-37e189b7 --region us-west-2');
  });

  it('custodian vol-cc3fc645 and vol-14a3cd9d (Encrypted true, KMS keys) → EBS pass; with vol-37e189b7 → only it fails', () => {
    const ok = judge([input(S.c7nVolumes), constructedInstance({ id: 'i-0000000000000b001', volumes: [['/dev/xvda', 'vol-cc3fc645'], ['/dev/xvdb', 'vol-14a3cd9d']] })]);
    expectVerdicts(ok.get('i-0000000000000b001')!, { 'aws-ebs-volumes-encrypted': { status: 'pass' } });
    const mixed = judge([input(S.c7nVolumes), constructedInstance({ id: 'i-0000000000000b002', volumes: [['/dev/xvda', 'vol-cc3fc645'], ['/dev/xvdb', 'vol-37e189b7']] })]);
    // Encrypted root + plain data volume → fail on the plain one (S13).
    expectVerdicts(mixed.get('i-0000000000000b002')!, { 'aws-ebs-volumes-encrypted': { status: 'fail', severity: 'high', items: ['vol-37e189b7'] } });
  });

  it('aws-cli vol-049df61146c4d7901 (Encrypted true, repaired KmsKeyId) → pass; vol-1234567890abcdef0 (false) → fail', () => {
    const j = judge([
      input(S.cliVolumes),
      constructedInstance({ id: 'i-0000000000000b003', volumes: [['/dev/sda1', 'vol-049df61146c4d7901'], ['/dev/sdf', 'vol-1234567890abcdef0']] }),
    ]).get('i-0000000000000b003')!;
    expect(j.snap.aws!.volumes![0].kmsKeyId).toMatch(/5513eEXAMPLE$/);
    expectVerdicts(j, { 'aws-ebs-volumes-encrypted': { status: 'fail', severity: 'high', items: ['vol-1234567890abcdef0'] } });
  });
});
