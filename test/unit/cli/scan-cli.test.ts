/**
 * The real CLI, spawned (DESIGN.md "Contract" 5): JSON shape, exit codes 0/1/2, one stderr line
 * naming the file for each kind of bad input, and the text report's layout. Every process is
 * started at once in beforeAll (each costs ~0.5 s) and the tests then read their results.
 */
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadAwsSample } from '../../helpers/samples';
import { runCli, tempFiles, type CliRun } from '../../helpers/cli';

const NOW = '2023-11-01T00:00:00Z';
const GOOD_ID = 'i-0a1b2c3d4e5f60001';
const BASTION_ID = 'i-08797f38d2e80c9d0';

/** TEST INPUT: a private, well-configured instance and the documents that describe what it uses. */
const GOOD = {
  'good-instances.json': {
    Reservations: [
      {
        Instances: [
          {
            InstanceId: GOOD_ID,
            InstanceType: 't3.micro',
            LaunchTime: '2023-10-20T08:00:00+00:00',
            Monitoring: { State: 'enabled' },
            Placement: { AvailabilityZone: 'us-west-2a' },
            State: { Code: 16, Name: 'running' },
            StateTransitionReason: '',
            SubnetId: 'subnet-0aa0aa0aa0aa0aa01',
            VpcId: 'vpc-0aa0aa0aa0aa0aa01',
            BlockDeviceMappings: [{ DeviceName: '/dev/xvda', Ebs: { VolumeId: 'vol-0a0a0a0a0a0a0a0a1', Status: 'attached', DeleteOnTermination: true } }],
            IamInstanceProfile: { Arn: 'arn:aws:iam::111122223333:instance-profile/app', Id: 'AIPAEXAMPLEEXAMPLE01' },
            NetworkInterfaces: [
              {
                Attachment: { AttachmentId: 'eni-attach-0a0a0a0a0a0a0a0a1', DeviceIndex: 0, Status: 'attached' },
                Groups: [{ GroupId: 'sg-0a0a0a0a0a0a0a0a1', GroupName: 'app' }],
                Ipv6Addresses: [],
                NetworkInterfaceId: 'eni-0a0a0a0a0a0a0a0a1',
                PrivateIpAddress: '10.1.2.3',
                SourceDestCheck: true,
              },
            ],
            SecurityGroups: [{ GroupId: 'sg-0a0a0a0a0a0a0a0a1', GroupName: 'app' }],
            SourceDestCheck: true,
            Tags: [{ Key: 'Name', Value: 'app-1' }],
            VirtualizationType: 'hvm',
            MetadataOptions: { State: 'applied', HttpTokens: 'required', HttpPutResponseHopLimit: 1, HttpEndpoint: 'enabled' },
          },
        ],
      },
    ],
  },
  'good-sgs.json': {
    SecurityGroups: [
      {
        GroupId: 'sg-0a0a0a0a0a0a0a0a1',
        GroupName: 'app',
        VpcId: 'vpc-0aa0aa0aa0aa0aa01',
        IpPermissions: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '10.0.0.0/8' }] }],
        IpPermissionsEgress: [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] }],
      },
    ],
  },
  'good-volumes.json': {
    Volumes: [
      {
        VolumeId: 'vol-0a0a0a0a0a0a0a0a1',
        Encrypted: true,
        KmsKeyId: 'arn:aws:kms:us-west-2:111122223333:key/00000000-0000-0000-0000-000000000000',
        State: 'in-use',
        Size: 8,
        AvailabilityZone: 'us-west-2a',
        Attachments: [{ InstanceId: GOOD_ID, VolumeId: 'vol-0a0a0a0a0a0a0a0a1', Device: '/dev/xvda', State: 'attached' }],
      },
    ],
  },
  'ebs-default.json': { EbsEncryptionByDefault: true },
  'attr-termination.json': { InstanceId: GOOD_ID, DisableApiTermination: { Value: true } },
  'attr-userdata.json': { InstanceId: GOOD_ID, UserData: {} },
};
const GOOD_FILES = Object.keys(GOOD);

const SAMPLE_FILES = ['bastion-instances.json', 'c7n-sgs.json', 'c7n-volumes.json'];

const STATUSES = ['fail', 'pass', 'unknown', 'not-applicable'];
const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'];

let dir: string;
const runs: Record<string, CliRun> = {};

beforeAll(async () => {
  const goodText = `${JSON.stringify(GOOD['good-instances.json'], null, 2)}\n`;
  dir = tempFiles({
    ...GOOD,
    // The custodian recordings, unwrapped as the aws-cli would print them.
    'bastion-instances.json': loadAwsSample('aws/cloud-custodian/test_ec2_add_by_tag/ec2.DescribeInstances_1.json'),
    'c7n-sgs.json': loadAwsSample('aws/cloud-custodian/test_ec2_security_group_filter/ec2.DescribeSecurityGroups_1.json'),
    'c7n-volumes.json': loadAwsSample('aws/cloud-custodian/test_ebs_aws_managed_kms_keys/ec2.DescribeVolumes_1.json'),
    'empty.json': '',
    'not-json.json': 'RESERVATIONS\t111122223333\tr-0123\n',
    'truncated.json': goodText.slice(0, 812),
    'unknown-shape.json': { Foo: [1, 2], Bar: true },
  });
  const jobs: Record<string, string[]> = {
    json: ['scan', '--format', 'json', '--now', NOW, ...SAMPLE_FILES, ...GOOD_FILES],
    text: ['scan', '--now', NOW, ...SAMPLE_FILES, ...GOOD_FILES],
    clean: ['scan', '--now', NOW, ...GOOD_FILES],
    sgOnly: ['scan', '--format', 'json', 'c7n-sgs.json', 'c7n-volumes.json'],
    missing: ['scan', 'good-instances.json', 'nope.json'],
    empty: ['scan', 'empty.json'],
    notJson: ['scan', 'not-json.json'],
    truncated: ['scan', '--format', 'json', 'truncated.json'],
    unknownShape: ['scan', 'unknown-shape.json'],
    noFile: ['scan', '--format', 'json'],
    help: ['--help'],
    sarif: ['scan', '--format', 'sarif', '--fail-on', 'critical', '--now', NOW, ...SAMPLE_FILES, ...GOOD_FILES],
  };
  const results = await Promise.all(Object.entries(jobs).map(async ([name, args]) => [name, await runCli(args, { cwd: dir })] as const));
  for (const [name, r] of results) runs[name] = r;
}, 60_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('vmlint scan --format json', () => {
  it('prints the contract shape, every finding, and exits 1 when something fails', () => {
    const r = runs.json;
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout);
    expect(Object.keys(out)).toEqual(expect.arrayContaining(['resources', 'findings']));

    // Resources: both instances, with id/kind/provider/name.
    expect(out.resources.map((x: any) => x.id)).toEqual([BASTION_ID, GOOD_ID]);
    for (const res of out.resources) {
      expect(res).toEqual(expect.objectContaining({ kind: 'vm', provider: 'aws' }));
      expect(res).toHaveProperty('name');
    }
    expect(out.resources.map((x: any) => x.name)).toEqual(['bastion-vpc-07bd7be62998ee0f2', 'app-1']);

    // Findings: the contract keys on each, statuses and severities from the fixed sets.
    for (const f of out.findings) {
      for (const k of ['ruleId', 'resourceId', 'item', 'status', 'severity', 'title', 'category', 'evidence', 'fix', 'reason']) expect(f).toHaveProperty(k);
      expect(STATUSES).toContain(f.status);
      expect(SEVERITIES).toContain(f.severity);
      expect(Array.isArray(f.evidence)).toBe(true);
      if (f.status === 'fail') expect(f.fix.cli.length).toBeGreaterThan(0);
      if (f.status === 'unknown' || f.status === 'not-applicable') expect(typeof f.reason).toBe('string');
    }
    // Every rule is reported for every resource, whatever its status (21 AWS rules).
    const rulesOf = (id: string) => new Set(out.findings.filter((f: any) => f.resourceId === id).map((f: any) => f.ruleId));
    expect(rulesOf(BASTION_ID).size).toBe(21);
    expect(rulesOf(GOOD_ID).size).toBe(21);
    expect(new Set(out.findings.map((f: any) => f.status))).toEqual(new Set(STATUSES));

    const one = (id: string, rule: string) => out.findings.filter((f: any) => f.resourceId === id && f.ruleId === rule);
    expect(one(BASTION_ID, 'aws-ec2-imdsv2-required')).toEqual([
      expect.objectContaining({ status: 'fail', severity: 'high', item: null, category: 'access-control' }),
    ]);
    expect(one(BASTION_ID, 'aws-ec2-imdsv2-required')[0].fix.cli[0].command).toBe(
      `aws ec2 modify-instance-metadata-options --instance-id ${BASTION_ID} --http-tokens required --http-endpoint enabled --region us-west-2`,
    );
    // The bastion's SGs and volume are not in the custodian SG/volume files: unknown, with a hint.
    expect(one(BASTION_ID, 'aws-sg-ssh-not-public')[0]).toEqual(
      expect.objectContaining({ status: 'unknown', needs: 'aws ec2 describe-security-groups --group-ids sg-0cba7a01d343d5c65 sg-02e14ba7dd2dbe44b --region us-west-2' }),
    );
    // The constructed instance, joined with its SG, volume, EBS-default and attribute files: nothing fails or is unknown.
    const good = out.findings.filter((f: any) => f.resourceId === GOOD_ID);
    expect(good.filter((f: any) => f.status === 'fail' || f.status === 'unknown')).toEqual([]);
    expect(one(GOOD_ID, 'aws-ebs-volumes-encrypted')[0].status).toBe('pass');
    expect(one(GOOD_ID, 'aws-ec2-termination-protection-enabled')[0].status).toBe('pass');
    expect(one(GOOD_ID, 'aws-ec2-user-data-no-secrets')[0].status).toBe('not-applicable');

    // Files that joined nothing are noted.
    expect(out.notes.join('\n')).toMatch(/c7n-sgs\.json: none of its 2 security groups \(sg-926a56e8, sg-411b413c\)/);
    expect(out.notes.join('\n')).toMatch(/c7n-volumes\.json: none of its 3 volumes/);
    expect(out.summary.status.fail).toBe(out.findings.filter((f: any) => f.status === 'fail').length);
  });

  it('SG and volume files without any instance: a clear note, no resources, exit 0', () => {
    const r = runs.sgOnly;
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout);
    expect(out.resources).toEqual([]);
    expect(out.findings).toEqual([]);
    expect(out.notes[0]).toMatch(/^no VM in the input: c7n-sgs\.json \(describe-security-groups\), c7n-volumes\.json \(describe-volumes\) hold no instance/);
  });
});

describe('vmlint scan (text)', () => {
  it('groups by VM, worst VM and worst severity first, with fixes, per-VM counts and a summary; no colour off a TTY', () => {
    const r = runs.text;
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('');
    expect(r.stdout).not.toMatch(/\x1b\[/);
    const lines = r.stdout.trimEnd().split('\n');

    const headers = lines.filter((l) => /^i-[0-9a-f]+ /.test(l));
    expect(headers).toEqual([
      `${BASTION_ID} "bastion-vpc-07bd7be62998ee0f2"  (aws, us-west-2b, running, public address)`,
      `${GOOD_ID} "app-1"  (aws, us-west-2a, running, no public address)`,
    ]);
    const counts = lines.filter((l) => l.startsWith('  checked '));
    expect(counts).toHaveLength(2);
    for (const c of counts) expect(c).toMatch(/^ {2}checked 21 rules: \d+ failing, \d+ passing, \d+ unknown, \d+ not applicable$/);
    // Bastion (hand-checked): imdsv2, public-no-profile (high); no-public-ipv4 (medium); restarted (info).
    // ebs-default.json (EbsEncryptionByDefault true, same region us-west-2) decides the bastion's
    // default-encryption rule too: 6 passing, 7 unknown.
    expect(counts[0]).toBe('  checked 21 rules: 4 failing, 6 passing, 7 unknown, 4 not applicable');
    // N/A: public-instance-no-instance-profile (private), user-data (UserData {}), stopped (running), default group (none).
    expect(counts[1]).toBe('  checked 21 rules: 0 failing, 17 passing, 0 unknown, 4 not applicable');

    // Failing findings of the bastion, in severity order, each with its first fix command.
    const start = lines.indexOf(headers[0]);
    const block = lines.slice(start, lines.indexOf(counts[0]));
    const sev = block.map((l) => /^ {2}(CRITICAL|HIGH|MEDIUM|LOW|INFO)\s+(\S+)/.exec(l)).filter(Boolean) as RegExpExecArray[];
    expect(sev.map((m) => m[2])).toEqual([
      'aws-ec2-imdsv2-required',
      'aws-ec2-public-instance-no-instance-profile',
      'aws-ec2-no-public-ipv4',
      'aws-ec2-restarted-within-180-days',
    ]);
    const order = sev.map((m) => SEVERITIES.indexOf(m[1].toLowerCase()));
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    const fixes = block.filter((l) => /^\s+fix: /.test(l));
    expect(fixes).toHaveLength(4);
    expect(fixes[0].trim()).toBe(`fix: aws ec2 modify-instance-metadata-options --instance-id ${BASTION_ID} --http-tokens required --http-endpoint enabled --region us-west-2`);
    expect(block.join('\n')).toMatch(/unknown \(not in the input\): .*aws-sg-ssh-not-public/);

    expect(lines[lines.length - 1]).toBe(
      '2 VMs checked: 4 failing findings (2 high, 1 medium, 1 info) on 1 VM; other rule verdicts: 23 passing, 7 unknown, 8 not applicable.',
    );
    expect(lines.filter((l) => l.startsWith('note: '))).toHaveLength(2);
  });

  it('exits 0 and says so when nothing fails', () => {
    const r = runs.clean;
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout.trimEnd().split('\n').pop()).toBe('1 VM checked: nothing fails (17 passing, 0 unknown, 4 not applicable).');
  });

  it('--format sarif --fail-on critical prints SARIF and exits 1 only for a critical failure', () => {
    const r = runs.sarif;
    expect(r.stderr).toBe('');
    const log = JSON.parse(r.stdout);
    expect(log.version).toBe('2.1.0');
    const results = log.runs[0].results as Array<{ properties: { severity: string } }>;
    expect(results.length).toBeGreaterThan(0);
    expect(r.code).toBe(results.some((x) => x.properties.severity === 'critical') ? 1 : 0);
  });

  it('--help prints the usage and exits 0', () => {
    expect(runs.help.code).toBe(0);
    expect(runs.help.stdout).toMatch(/vmlint scan \[--format text\|json\|sarif\|markdown\] .*\[--now ISO-TIME\] FILE\.\.\./);
  });
});

describe('bad input and usage: exit 2, one stderr line naming the file, nothing on stdout', () => {
  const cases: Array<[string, RegExp]> = [
    ['missing', /^vmlint: nope\.json: no such file$/],
    ['empty', /^vmlint: empty\.json: empty file$/],
    ['notJson', /^vmlint: not-json\.json: not JSON \(Unexpected token 'R' at line 1, column 1 \(position 0\); was it printed with --output json\?\)$/],
    ['truncated', /^vmlint: truncated\.json: not JSON \(.* at position 812: the file looks truncated\)$/],
    ['unknownShape', /^vmlint: unknown-shape\.json: unknown shape \(a JSON object with keys "Foo", "Bar"; expected .*describe-instances/],
    ['noFile', /^vmlint: no FILE given \(usage: vmlint scan .*FILE\.\.\.\)$/],
  ];
  it.each(cases)('%s', (name, pattern) => {
    const r = runs[name];
    expect(r.code, r.stderr).toBe(2);
    expect(r.stdout).toBe('');
    const lines = r.stderr.split('\n');
    expect(lines.pop()).toBe('');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(pattern);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('the truncated file really is a cut-off copy of valid input', () => {
    const text = readFileSync(join(dir, 'truncated.json'), 'utf8');
    expect(text.length).toBe(812);
    expect(() => JSON.parse(text)).toThrow();
  });
});
