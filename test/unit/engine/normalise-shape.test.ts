/**
 * The AWS normaliser's output is a valid snapshot, in the exact form the schema gives it.
 *
 * normaliseAws used to end with `VmSnapshot.parse(snap)`, which validated and copied every snapshot
 * (a third of the normaliser's time). It now builds each snapshot in the schema's form (keys in the
 * schema's order, nothing extra, nothing `undefined`) and returns it as it is when `isVmSnapshot`
 * says so; anything else still goes through `VmSnapshot.parse`, which rejects it with the problem's
 * path as before. This file is the safety net for that:
 *
 * - every snapshot from the public samples and from generated input (groups from
 *   describe-security-groups and describe-security-group-rules, volumes, attributes, addresses,
 *   profile associations, the EBS default) passes the schema, and parsing it changes nothing, key
 *   order included;
 * - `isVmSnapshot` agrees with the schema on thousands of mutated snapshots (wrong types,
 *   `undefined`, missing, extra and reordered keys);
 * - malformed input is still rejected by the schema with its path;
 * - snapshots share no object (the schema's copy guaranteed it; the normaliser now must).
 */
import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import { VmSnapshot } from '../../../src/model/snapshot';
import { isVmSnapshot, normaliseAws, type AwsInput } from '../../../src/providers/aws/normalise';
import { listSampleFiles, loadAwsSample, samplesAvailable } from '../../helpers/samples';

type Json = Record<string, any>;

// ---------------------------------------------------------------------------------------------
// TEST INPUT: generated AWS CLI documents (deterministic).

function generator(seed: number) {
  let s = seed >>> 0 || 1;
  const rnd = () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return ((s >>> 0) % 1_000_000) / 1_000_000;
  };
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
  return { rnd, pick };
}

const PERMISSIONS: Json[] = [
  { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '0.0.0.0/0' }] },
  { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '203.0.113.0/24', Description: 'office' }] },
  { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '0.0.0.0/0' }], Ipv6Ranges: [{ CidrIpv6: '::/0', Description: null }] },
  { IpProtocol: '-1', UserIdGroupPairs: [{ GroupId: 'sg-self', UserId: '111122223333' }] },
  { IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] },
  { IpProtocol: 'udp', FromPort: 161, ToPort: 161, IpRanges: [{ CidrIp: '0.0.0.0/0' }] },
  { IpProtocol: 'icmp', FromPort: -1, ToPort: -1, IpRanges: [{ CidrIp: '0.0.0.0/0' }] },
  { IpProtocol: 'tcp', FromPort: 8080, ToPort: 8090, PrefixListIds: [{ PrefixListId: 'pl-0123456789abcdef0' }] },
];

/** describe-instances + describe-security-groups + describe-security-group-rules + describe-volumes + the rest. */
function generatedInputs(count: number, seed: number): AwsInput[] {
  const { rnd, pick } = generator(seed);
  const hex = (n: number) => n.toString(16).padStart(8, '0');
  const groups = Array.from({ length: Math.max(2, Math.floor(count / 4)) }, (_, i) => ({
    GroupId: `sg-${hex(i)}`,
    ...(i % 7 === 3 ? {} : { GroupName: i % 5 === 0 ? 'default' : `app-${i}` }),
    ...(i % 3 ? { VpcId: `vpc-${hex(i % 4)}` } : {}),
    IpPermissions: Array.from({ length: Math.floor(rnd() * 4) }, () => structuredClone(pick(PERMISSIONS))),
    IpPermissionsEgress: [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] }],
  }));
  // Every third group also (or only) as describe-security-group-rules, some rules without an sgr- id.
  const groupRules: Json[] = [];
  groups.forEach((g, i) => {
    if (i % 3 !== 1) return;
    g.IpPermissions.forEach((p: Json, k: number) =>
      groupRules.push({
        ...(k % 2 ? {} : { SecurityGroupRuleId: `sgr-${hex(i * 10 + k)}` }),
        GroupId: g.GroupId,
        IsEgress: false,
        IpProtocol: p.IpProtocol,
        FromPort: p.FromPort,
        ToPort: p.ToPort,
        ...(p.IpRanges ? { CidrIpv4: p.IpRanges[0].CidrIp } : p.UserIdGroupPairs ? { ReferencedGroupInfo: { GroupId: p.UserIdGroupPairs[0].GroupId } } : { PrefixListId: 'pl-1' }),
        ...(k % 3 === 0 ? { Description: k % 2 ? null : 'from the rules document' } : {}),
      }),
    );
  });
  const volumes: Json[] = [];
  const instances: Json[] = [];
  const attributes: AwsInput[] = [];
  const addresses: Json[] = [];
  const associations: Json[] = [];
  for (let i = 0; i < count; i++) {
    const id = `i-${hex(i)}`;
    const zone = pick(['us-east-1a', 'us-east-1b', 'eu-west-1c']);
    const stopped = rnd() < 0.15;
    const isPublic = !stopped && rnd() < 0.5;
    const sgs = Array.from({ length: 1 + Math.floor(rnd() * 2) }, () => {
      const g = pick(groups);
      return rnd() < 0.8 ? { GroupId: g.GroupId, GroupName: g.GroupName } : { GroupId: g.GroupId };
    });
    if (i % 9 === 0) sgs.push({ GroupId: 'sg-not-described', GroupName: 'default' });
    const enis = Array.from({ length: rnd() < 0.85 ? 1 : 2 }, (_, k) => ({
      NetworkInterfaceId: `eni-${hex(i * 2 + k)}`,
      Attachment: { AttachmentId: `eni-attach-${hex(i * 2 + k)}`, DeviceIndex: k },
      Groups: sgs,
      Ipv6Addresses: rnd() < 0.1 ? [{ Ipv6Address: `2001:db8::${hex(i)}` }] : [],
      ...(rnd() < 0.9 ? { SourceDestCheck: rnd() < 0.9 } : {}),
      ...(isPublic && k === 0 ? { Association: { IpOwnerId: rnd() < 0.6 ? 'amazon' : '111122223333', PublicIp: `198.51.100.${i % 250}` } } : {}),
    }));
    if (isPublic && i % 2) addresses.push({ NetworkInterfaceId: enis[0].NetworkInterfaceId, AssociationId: `eipassoc-${hex(i)}` });
    const mappings: Json[] = Array.from({ length: Math.floor(rnd() * 3) }, (_, k) => {
      const volumeId = `vol-${hex(volumes.length)}`;
      if (rnd() < 0.85) {
        volumes.push({
          VolumeId: volumeId,
          AvailabilityZone: zone,
          ...(rnd() < 0.9 ? { Encrypted: rnd() < 0.7 } : {}),
          ...(rnd() < 0.6 ? { KmsKeyId: `arn:aws:kms:us-east-1:111122223333:key/${hex(i)}` } : {}),
          ...(rnd() < 0.9 ? { State: 'in-use', Size: 8 + Math.floor(rnd() * 100) } : {}),
          Attachments: [{ InstanceId: id, VolumeId: volumeId }],
        });
      } else volumes.push({ VolumeId: `vol-unrelated-${hex(i)}`, Attachments: [] });
      return { ...(k === 0 || rnd() < 0.5 ? { DeviceName: k === 0 ? '/dev/xvda' : `/dev/sd${'fgh'[k]}` } : {}), Ebs: { VolumeId: volumeId } };
    });
    if (i % 6 === 0) mappings.push({ DeviceName: '/dev/sdz' }); // instance store: no Ebs
    const tags = [{ Key: 'Name', Value: `vm-${i}` }];
    if (i % 4 === 0) tags.push({ Key: 'aws:autoscaling:groupName', Value: 'asg' });
    if (i % 11 === 0) tags.push({ Key: 'env', Value: 7 as unknown as string });
    const inst: Json = {
      InstanceId: id,
      InstanceType: pick(['t3.micro', 'm5.large']),
      ...(i % 13 ? { LaunchTime: '2025-01-0' + (1 + (i % 9)) + 'T00:00:00+00:00' } : {}),
      Placement: { AvailabilityZone: zone },
      State: { Name: stopped ? 'stopped' : pick(['running', 'pending']) },
      ...(i % 5 ? { StateTransitionReason: stopped ? 'User initiated (2025-03-15 10:20:30 GMT)' : '' } : i % 10 ? {} : { StateTransitionReason: null }),
      ...(i % 17 ? { SubnetId: `subnet-${hex(i % 3)}`, VpcId: `vpc-${hex(i % 4)}` } : {}),
      ...(isPublic ? { PublicIpAddress: `198.51.100.${i % 250}` } : {}),
      ...(i % 19 === 0 ? { Ipv6Address: '2001:db8::1' } : {}),
      ...(rnd() < 0.5 ? { IamInstanceProfile: { Arn: `arn:aws:iam::111122223333:instance-profile/r${i % 3}` } } : {}),
      ...(i % 23 === 0 ? { InstanceLifecycle: 'spot' } : {}),
      ...(i % 29 === 0 ? { Platform: 'windows' } : {}),
      BlockDeviceMappings: mappings,
      NetworkInterfaces: enis,
      SecurityGroups: sgs,
      ...(i % 7 ? { SourceDestCheck: rnd() < 0.9 } : {}),
      Tags: tags,
      ...(i % 31 ? { VirtualizationType: 'hvm' } : {}),
      ...(i % 3 ? { Monitoring: { State: pick(['enabled', 'disabled']) } } : {}),
      ...(i % 8 === 0
        ? {}
        : i % 8 === 1
          ? { MetadataOptions: {} }
          : { MetadataOptions: { HttpTokens: pick(['optional', 'required']), HttpPutResponseHopLimit: 1 + (i % 3), HttpEndpoint: pick(['enabled', 'disabled']), InstanceMetadataTags: 'disabled' } }),
    };
    instances.push(inst);
    if (i % 4 === 1) attributes.push({ file: `attr-${i}-termination.json`, doc: { InstanceId: id, DisableApiTermination: { Value: i % 8 === 1 } } });
    if (i % 4 === 2) attributes.push({ file: `attr-${i}-user-data.json`, doc: { InstanceId: id, UserData: i % 8 === 2 ? {} : { Value: Buffer.from(`#!/bin/sh\necho ${i}\n`).toString('base64') } } });
    if (i % 10 === 3) attributes.push({ file: `attr-${i}-sdc.json`, doc: { InstanceId: id, SourceDestCheck: { Value: false } } });
    if (inst.IamInstanceProfile && i % 3 === 0) associations.push({ InstanceId: id, AssociationId: `iip-assoc-${hex(i)}`, State: i % 9 === 0 ? 'disassociated' : 'associated' });
  }
  const reservations: Json[] = [];
  for (let i = 0; i < instances.length; i += 3) reservations.push({ ReservationId: `r-${hex(i)}`, Instances: instances.slice(i, i + 3) });
  return [
    { file: 'instances.json', doc: { Reservations: reservations } },
    { file: 'groups.json', doc: { SecurityGroups: groups.filter((_, i) => i % 6 !== 4) } },
    { file: 'group-rules.json', doc: { SecurityGroupRules: groupRules } },
    { file: 'volumes.json', doc: { Volumes: volumes } },
    ...attributes,
    { file: 'addresses.json', doc: { Addresses: addresses } },
    { file: 'associations.json', doc: { IamInstanceProfileAssociations: associations } },
  ];
}

/** Generated input in several combinations: everything, instances alone, one region with the EBS default. */
function generatedCases(): Array<{ name: string; inputs: AwsInput[] }> {
  const all = generatedInputs(240, 0x5eed);
  const oneRegion = generatedInputs(60, 0xbeef).map((input) =>
    input.file === 'instances.json'
      ? { ...input, doc: { Instances: (input.doc as Json).Reservations.flatMap((r: Json) => r.Instances).filter((i: Json) => i.Placement.AvailabilityZone.startsWith('us-east-1')) } }
      : input,
  );
  return [
    { name: 'generated: every document', inputs: all },
    { name: 'generated: instances alone', inputs: all.slice(0, 1) },
    { name: 'generated: instances and groups', inputs: [all[0], all[1]] },
    { name: 'generated: one region, EBS default', inputs: [...oneRegion, { file: 'ebs.json', doc: { EbsEncryptionByDefault: true } }] },
  ];
}

function sampleCases(): Array<{ name: string; inputs: AwsInput[] }> {
  if (!samplesAvailable()) return [];
  const inputs = listSampleFiles('aws').map((file) => ({ file, doc: loadAwsSample(file) }));
  return [{ name: 'samples: all together', inputs }, ...inputs.map((input) => ({ name: `sample: ${input.file}`, inputs: [input] }))];
}

// ---------------------------------------------------------------------------------------------

/** Keys in order, recursively: what JSON output (and `Object.keys`) shows. */
const shape = (v: unknown) => JSON.stringify(v, (_k, x) => (x === undefined ? '(undefined)' : x));

function expectSchemaForm(snap: VmSnapshot) {
  const parsed = VmSnapshot.parse(snap);
  expect(isDeepStrictEqual(parsed, snap), snap.id).toBe(true);
  expect(shape(parsed), snap.id).toBe(shape(snap));
  expect(isVmSnapshot(snap), snap.id).toBe(true);
}

describe('the normaliser builds snapshots in the schema form', () => {
  const cases = [...generatedCases(), ...sampleCases()];
  it('has inputs to check (samples when present, generated always)', () => {
    expect(cases.length).toBeGreaterThanOrEqual(4);
  });
  for (const { name, inputs } of cases) {
    it(name, () => {
      const snaps = normaliseAws(inputs);
      for (const snap of snaps) expectSchemaForm(snap);
    });
  }

  it('the generated input exercises the optional parts', () => {
    const snaps = normaliseAws(generatedCases()[0].inputs);
    const aws = snaps.map((s) => s.aws!);
    expect(aws.some((a) => a.securityGroups?.some((g) => g.inbound?.some((r) => r.securityGroupRuleId)))).toBe(true);
    expect(aws.some((a) => a.securityGroups?.some((g) => g.inbound?.some((r) => r.description === null)))).toBe(true);
    expect(aws.some((a) => a.securityGroups?.some((g) => !g.inbound))).toBe(true);
    expect(aws.some((a) => a.volumes?.some((v) => v.kmsKeyId === null))).toBe(true);
    expect(aws.some((a) => a.networkInterfaces?.some((n) => n.eipAssociationId))).toBe(true);
    expect(aws.some((a) => a.profileAssociationId)).toBe(true);
    expect(aws.some((a) => a.userData === null) && aws.some((a) => typeof a.userData === 'string')).toBe(true);
    expect(aws.some((a) => a.disableApiTermination === false) && aws.some((a) => a.stateTransitionReason === null)).toBe(true);
    expect(aws.some((a) => !a.metadataOptions) && aws.some((a) => a.metadataOptions && !a.metadataOptions.httpTokens)).toBe(true);
  });

  it('snapshots share no object (each is a tree of its own, as the schema copy made them)', () => {
    const snaps = normaliseAws(generatedCases()[0].inputs);
    const owner = new Map<object, string>();
    const walk = (v: unknown, id: string) => {
      if (v === null || typeof v !== 'object') return;
      expect(owner.get(v) ?? id, `an object of ${id} is also in ${owner.get(v)}`).toBe(id);
      if (owner.has(v)) return;
      owner.set(v, id);
      for (const x of Object.values(v)) walk(x, id);
    };
    for (const s of snaps) walk(s, s.id);
  });
});

// ---------------------------------------------------------------------------------------------

/** Every way of breaking a snapshot at one place: wrong types, undefined, removal, an extra key, a key moved last. */
function* mutations(snap: unknown): Generator<{ where: string; value: unknown }> {
  const WRONG: unknown[] = [undefined, null, 5, Number.NaN, Number.POSITIVE_INFINITY, 'x', true, {}, [], ['x'], [5]];
  const clone = () => structuredClone(snap) as Json;
  const at = (root: Json, path: Array<string | number>) => path.reduce<any>((o, k) => o[k], root);
  function* visit(value: unknown, path: Array<string | number>): Generator<{ where: string; value: unknown }> {
    if (value === null || typeof value !== 'object') return;
    const keys = Object.keys(value);
    for (const k of Array.isArray(value) ? keys.map(Number) : keys) {
      for (const w of WRONG) {
        const m = clone();
        at(m, path)[k] = structuredClone(w);
        yield { where: `${[...path, k].join('.')} = ${String(JSON.stringify(w))}`, value: m };
      }
      if (!Array.isArray(value)) {
        const removed = clone();
        delete at(removed, path)[k];
        yield { where: `${[...path, k].join('.')} removed`, value: removed };
        const moved = clone();
        const o = at(moved, path);
        const v = o[k];
        delete o[k];
        o[k] = v;
        yield { where: `${[...path, k].join('.')} moved last`, value: moved };
      }
      yield* visit((value as Json)[k], [...path, k]);
    }
    if (!Array.isArray(value)) {
      const extra = clone();
      at(extra, path).zzExtra = 'x';
      yield { where: `${path.join('.')}.zzExtra added`, value: extra };
    }
  }
  yield* visit(snap, []);
}

describe('isVmSnapshot agrees with the schema', () => {
  const snaps = normaliseAws(generatedInputs(12, 0xfeed));
  // True only when parse succeeds and returns the same tree, keys in the same order (the snapshot
  // is then used as it is); and true whenever that holds, except for a key set to `undefined`
  // (which parse keeps: such a snapshot merely takes the slower way through parse).
  it('on mutated snapshots: true exactly when parse would return the same tree, keys in the same order', () => {
    let checked = 0;
    let rejected = 0;
    for (const snap of snaps) {
      for (const { where, value } of mutations(snap)) {
        const parsed = VmSnapshot.safeParse(value);
        const same = parsed.success && isDeepStrictEqual(parsed.data, value) && shape(parsed.data) === shape(value);
        const expected = same && !where.endsWith(' = undefined');
        expect(isVmSnapshot(value), `${snap.id}: ${where}`).toBe(expected);
        checked++;
        if (!parsed.success) rejected++;
      }
    }
    expect(checked).toBeGreaterThan(2_000);
    expect(rejected).toBeGreaterThan(500);
  });
});

describe('malformed input is still rejected by the schema, with its path', () => {
  const base = () => ({
    InstanceId: 'i-1',
    Placement: { AvailabilityZone: 'us-east-1a' },
    State: { Name: 'running' },
    SecurityGroups: [{ GroupId: 'sg-1' }],
    NetworkInterfaces: [{ NetworkInterfaceId: 'eni-1', Association: { PublicIp: '198.51.100.1' } }],
    BlockDeviceMappings: [{ DeviceName: '/dev/xvda', Ebs: { VolumeId: 'vol-1' } }],
  });
  const cases: Array<[string, (i: Json, docs: Json) => void, string]> = [
    ['a numeric KmsKeyId', (_i, d) => (d.volumes.Volumes[0].KmsKeyId = 5), 'aws.volumes.0.kmsKeyId'],
    ['an object IamInstanceProfile.Arn', (i) => (i.IamInstanceProfile = { Arn: { x: 1 } }), 'aws.iamInstanceProfileArn'],
    ['a numeric Platform', (i) => (i.Platform = 3), 'aws.platform'],
    ['a numeric InstanceLifecycle', (i) => (i.InstanceLifecycle = 3), 'aws.instanceLifecycle'],
    ['a numeric StateTransitionReason', (i) => (i.StateTransitionReason = 3), 'aws.stateTransitionReason'],
    ['a numeric availability zone', (i) => (i.Placement.AvailabilityZone = 7), 'zone'],
    ['a numeric public IP', (i) => (i.NetworkInterfaces[0].Association.PublicIp = 7), 'aws.publicIpv4Addresses.0'],
    ['a numeric rule description', (_i, d) => (d.groups.SecurityGroups[0].IpPermissions[0].IpRanges[0].Description = 9), 'aws.securityGroups.0.inbound.0.description'],
  ];
  for (const [name, breakIt, path] of cases) {
    it(name, () => {
      const inst = base();
      const docs: Json = {
        volumes: { Volumes: [{ VolumeId: 'vol-1', Encrypted: true, Attachments: [{ InstanceId: 'i-1' }] }] },
        groups: { SecurityGroups: [{ GroupId: 'sg-1', GroupName: 'g', IpPermissions: [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }] }] },
      };
      breakIt(inst, docs);
      let err: unknown;
      try {
        normaliseAws([
          { file: 'i.json', doc: { Reservations: [{ Instances: [inst] }] } },
          { file: 'g.json', doc: docs.groups },
          { file: 'v.json', doc: docs.volumes },
        ]);
      } catch (e) {
        err = e;
      }
      const issues = (err as { issues?: Array<{ path: PropertyKey[] }> } | undefined)?.issues;
      expect(issues?.map((i) => i.path.map(String).join('.'))).toContain(path);
    });
  }
});
