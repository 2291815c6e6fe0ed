/**
 * AWS CLI / API JSON → VM snapshots. Each input document is recognised by its shape; related
 * documents are joined by id: an instance's security groups come from describe-security-groups or
 * describe-security-group-rules, its volumes' encryption from describe-volumes, attributes from
 * describe-instance-attribute, the region's EBS default from get-ebs-encryption-by-default.
 *
 * Defaults: inside an object the API returned, an omitted field takes the API's documented default
 * (MetadataOptions without HttpEndpoint ⇒ enabled; no IamInstanceProfile ⇒ none; no
 * InstanceLifecycle ⇒ on-demand). A document that was not given leaves its fields unknown.
 */
import { VmSnapshot, type AwsNetworkInterface, type AwsSecurityGroup, type AwsSgRule, type AwsVolume } from '../../model/snapshot';
import { ruleFromSecurityGroupRule, rulesFromPermission } from './permissions';
import { regionOfZone, stoppedAtOf } from './values';

export { regionOfZone, stoppedAtOf };

type Json = Record<string, any>;

export type AwsShape =
  | 'describe-instances'
  | 'describe-security-groups'
  | 'describe-security-group-rules'
  | 'describe-volumes'
  | 'get-ebs-encryption-by-default'
  | 'describe-instance-attribute'
  | 'describe-addresses'
  | 'describe-iam-instance-profile-associations';

/** Recognises an AWS CLI output document, or returns null. */
export function detectAwsShape(doc: unknown): AwsShape | null {
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) return null;
  const d = doc as Json;
  if (Array.isArray(d.Reservations)) return 'describe-instances';
  if (Array.isArray(d.Instances) && d.Instances.every((i: Json) => i && typeof i.InstanceId === 'string')) return 'describe-instances';
  if (Array.isArray(d.SecurityGroups)) return 'describe-security-groups';
  if (Array.isArray(d.SecurityGroupRules)) return 'describe-security-group-rules';
  if (Array.isArray(d.Volumes)) return 'describe-volumes';
  if (typeof d.EbsEncryptionByDefault === 'boolean') return 'get-ebs-encryption-by-default';
  if (typeof d.InstanceId === 'string' && Object.keys(d).length >= 2) return 'describe-instance-attribute';
  if (Array.isArray(d.Addresses)) return 'describe-addresses';
  if (Array.isArray(d.IamInstanceProfileAssociations)) return 'describe-iam-instance-profile-associations';
  return null;
}

export interface AwsInput {
  file: string;
  doc: unknown;
}

function tagsOf(tags: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (Array.isArray(tags)) for (const t of tags) if (t && typeof t.Key === 'string') out[t.Key] = String(t.Value ?? '');
  return out;
}

function timeOf(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

interface Joined {
  instances: Array<{ inst: Json; where: string }>;
  groups: Map<string, { group: Json; where: string }>;
  groupRules: Map<string, { inbound: AwsSgRule[]; outbound: AwsSgRule[]; where: string }>;
  volumes: Map<string, { vol: Json; where: string }>;
  attributes: Map<string, Array<{ attr: Json; where: string }>>;
  ebsDefault?: { value: boolean; where: string };
  addresses: Json[];
  profileAssociations: Json[];
}

function collect(inputs: AwsInput[]): Joined {
  const j: Joined = {
    instances: [],
    groups: new Map(),
    groupRules: new Map(),
    volumes: new Map(),
    attributes: new Map(),
    addresses: [],
    profileAssociations: [],
  };
  for (const { file, doc } of inputs) {
    const d = doc as Json;
    switch (detectAwsShape(doc)) {
      case 'describe-instances': {
        const reservations: Json[] = d.Reservations ?? [{ Instances: d.Instances }];
        reservations.forEach((r, ri) =>
          (r.Instances ?? []).forEach((inst: Json, ii: number) =>
            j.instances.push({ inst, where: `file: ${file}#Reservations[${ri}].Instances[${ii}]` }),
          ),
        );
        break;
      }
      case 'describe-security-groups':
        d.SecurityGroups.forEach((g: Json, i: number) => j.groups.set(g.GroupId, { group: g, where: `file: ${file}#SecurityGroups[${i}]` }));
        break;
      case 'describe-security-group-rules':
        for (const r of d.SecurityGroupRules as Json[]) {
          const gid = String(r.GroupId);
          const entry = j.groupRules.get(gid) ?? { inbound: [], outbound: [], where: `file: ${file}#SecurityGroupRules` };
          const { egress, rule } = ruleFromSecurityGroupRule(r);
          (egress ? entry.outbound : entry.inbound).push(rule);
          j.groupRules.set(gid, entry);
        }
        break;
      case 'describe-volumes':
        d.Volumes.forEach((v: Json, i: number) => j.volumes.set(v.VolumeId, { vol: v, where: `file: ${file}#Volumes[${i}]` }));
        break;
      case 'get-ebs-encryption-by-default':
        j.ebsDefault = { value: d.EbsEncryptionByDefault, where: `file: ${file}#EbsEncryptionByDefault` };
        break;
      case 'describe-instance-attribute': {
        const list = j.attributes.get(d.InstanceId) ?? [];
        list.push({ attr: d, where: `file: ${file}` });
        j.attributes.set(d.InstanceId, list);
        break;
      }
      case 'describe-addresses':
        j.addresses.push(...d.Addresses);
        break;
      case 'describe-iam-instance-profile-associations':
        j.profileAssociations.push(...d.IamInstanceProfileAssociations);
        break;
      default:
        break;
    }
  }
  return j;
}

function securityGroupOf(ref: Json, j: Joined, sources: Record<string, string>): AwsSecurityGroup {
  const groupId = String(ref.GroupId);
  const sg: AwsSecurityGroup = { id: groupId, groupId };
  const described = j.groups.get(groupId);
  const name = ref.GroupName ?? described?.group.GroupName;
  if (name) sg.groupName = String(name);
  const rules = j.groupRules.get(groupId);
  if (rules) {
    // describe-security-group-rules carries the sgr- ids the fix command needs: prefer it.
    const named = (r: AwsSgRule) => (sg.groupName ? { ...r, groupName: sg.groupName } : r);
    sg.inbound = rules.inbound.map(named);
    sg.outbound = rules.outbound.map(named);
    sources[`aws.securityGroups[${groupId}]`] = rules.where;
  } else if (described) {
    const g = described.group;
    const ident = { groupId, groupName: sg.groupName };
    if (g.VpcId) sg.vpcId = String(g.VpcId);
    sg.inbound = (g.IpPermissions ?? []).flatMap((p: Json) => rulesFromPermission(p, ident, false));
    sg.outbound = (g.IpPermissionsEgress ?? []).flatMap((p: Json) => rulesFromPermission(p, ident, true));
    sources[`aws.securityGroups[${groupId}]`] = described.where;
  }
  return sg;
}

function volumeOf(mapping: Json, j: Joined, sources: Record<string, string>): AwsVolume {
  const volumeId = String(mapping.Ebs.VolumeId);
  const v: AwsVolume = { id: volumeId, volumeId };
  if (mapping.DeviceName) v.deviceName = String(mapping.DeviceName);
  const described = j.volumes.get(volumeId);
  if (described) {
    const vol = described.vol;
    if (typeof vol.Encrypted === 'boolean') v.encrypted = vol.Encrypted;
    v.kmsKeyId = vol.KmsKeyId ?? null;
    if (vol.State) v.state = String(vol.State);
    if (typeof vol.Size === 'number') v.sizeGiB = vol.Size;
    if (vol.AvailabilityZone) v.availabilityZone = String(vol.AvailabilityZone);
    v.attachedTo = (vol.Attachments ?? []).map((a: Json) => String(a.InstanceId));
    sources[`aws.volumes[${volumeId}]`] = described.where;
  }
  return v;
}

function networkInterfaceOf(eni: Json, j: Joined): AwsNetworkInterface {
  const id = String(eni.NetworkInterfaceId ?? `eni#${eni.Attachment?.DeviceIndex ?? '?'}`);
  const n: AwsNetworkInterface = { id };
  if (eni.NetworkInterfaceId) n.networkInterfaceId = String(eni.NetworkInterfaceId);
  if (eni.Attachment?.AttachmentId) n.attachmentId = String(eni.Attachment.AttachmentId);
  if (typeof eni.Attachment?.DeviceIndex === 'number') n.deviceIndex = eni.Attachment.DeviceIndex;
  if (typeof eni.SourceDestCheck === 'boolean') n.sourceDestCheck = eni.SourceDestCheck;
  n.publicIp = eni.Association?.PublicIp ?? null;
  if (eni.Association?.IpOwnerId) n.ipOwnerId = String(eni.Association.IpOwnerId);
  const eip = j.addresses.find((a) => a.NetworkInterfaceId === eni.NetworkInterfaceId && a.AssociationId);
  if (eip) n.eipAssociationId = String(eip.AssociationId);
  n.ipv6Addresses = (eni.Ipv6Addresses ?? []).map((a: Json) => String(a.Ipv6Address));
  n.groupIds = (eni.Groups ?? []).map((g: Json) => String(g.GroupId));
  return n;
}

function applyAttributes(aws: NonNullable<VmSnapshot['aws']>, attrs: Array<{ attr: Json; where: string }>, sources: Record<string, string>) {
  for (const { attr, where } of attrs) {
    if (attr.DisableApiTermination && typeof attr.DisableApiTermination.Value === 'boolean') {
      aws.disableApiTermination = attr.DisableApiTermination.Value;
      sources['aws.disableApiTermination'] = where;
    }
    if (attr.UserData) {
      // `{}` (no Value) is how the CLI reports an instance without user data.
      aws.userData = typeof attr.UserData.Value === 'string' && attr.UserData.Value !== '' ? attr.UserData.Value : null;
      sources['aws.userData'] = where;
    }
    if (attr.SourceDestCheck && typeof attr.SourceDestCheck.Value === 'boolean') {
      aws.sourceDestCheck = attr.SourceDestCheck.Value;
      sources['aws.sourceDestCheck'] = where;
    }
  }
}

function instanceSnapshot(inst: Json, where: string, j: Joined): VmSnapshot {
  const sources: Record<string, string> = { aws: where };
  const instanceId = String(inst.InstanceId);
  const zone = inst.Placement?.AvailabilityZone as string | undefined;
  const region = regionOfZone(zone);
  const enis: AwsNetworkInterface[] = (inst.NetworkInterfaces ?? []).map((e: Json) => networkInterfaceOf(e, j));
  const publicIpv4 = new Set<string>();
  if (inst.PublicIpAddress) publicIpv4.add(String(inst.PublicIpAddress));
  for (const n of enis) if (n.publicIp) publicIpv4.add(n.publicIp);
  const ipv6 = new Set<string>(enis.flatMap((n) => n.ipv6Addresses ?? []));
  if (inst.Ipv6Address) ipv6.add(String(inst.Ipv6Address));

  const groupRefs = new Map<string, Json>();
  for (const g of [...(inst.SecurityGroups ?? []), ...(inst.NetworkInterfaces ?? []).flatMap((e: Json) => e.Groups ?? [])]) {
    if (g?.GroupId && !groupRefs.has(g.GroupId)) groupRefs.set(g.GroupId, g);
  }

  const aws: NonNullable<VmSnapshot['aws']> = {
    instanceId,
    publicIpv4Addresses: [...publicIpv4],
    ipv6Addresses: [...ipv6],
    iamInstanceProfileArn: inst.IamInstanceProfile?.Arn ?? null,
    instanceLifecycle: inst.InstanceLifecycle ?? null,
    platform: inst.Platform ?? null,
    securityGroups: [...groupRefs.values()].map((g) => securityGroupOf(g, j, sources)),
    networkInterfaces: enis,
    volumes: (inst.BlockDeviceMappings ?? []).filter((m: Json) => m?.Ebs?.VolumeId).map((m: Json) => volumeOf(m, j, sources)),
  };
  if (region) aws.region = region;
  if (zone) aws.availabilityZone = zone;
  if (inst.VpcId) aws.vpcId = String(inst.VpcId);
  if (inst.SubnetId) aws.subnetId = String(inst.SubnetId);
  if (inst.InstanceType) aws.instanceType = String(inst.InstanceType);
  if (inst.State?.Name) aws.state = String(inst.State.Name);
  if ('StateTransitionReason' in inst) aws.stateTransitionReason = inst.StateTransitionReason ?? null;
  const stoppedAt = stoppedAtOf(inst.StateTransitionReason);
  if (stoppedAt) aws.stoppedAt = stoppedAt;
  const launch = timeOf(inst.LaunchTime);
  if (launch) aws.launchTime = launch;
  if (inst.VirtualizationType) aws.virtualizationType = String(inst.VirtualizationType);
  if (inst.Monitoring?.State) aws.monitoringState = String(inst.Monitoring.State);
  if (typeof inst.SourceDestCheck === 'boolean') aws.sourceDestCheck = inst.SourceDestCheck;
  if (inst.MetadataOptions && typeof inst.MetadataOptions === 'object') {
    const m = inst.MetadataOptions;
    aws.metadataOptions = { httpEndpoint: m.HttpEndpoint === 'disabled' ? 'disabled' : 'enabled' };
    if (m.HttpTokens === 'optional' || m.HttpTokens === 'required') aws.metadataOptions.httpTokens = m.HttpTokens;
    if (typeof m.HttpPutResponseHopLimit === 'number') aws.metadataOptions.httpPutResponseHopLimit = m.HttpPutResponseHopLimit;
    if (m.InstanceMetadataTags === 'enabled' || m.InstanceMetadataTags === 'disabled') aws.metadataOptions.instanceMetadataTags = m.InstanceMetadataTags;
  }
  // A running instance's auto-assigned address is owned by "amazon"; an EIP by the account.
  const profile = j.profileAssociations.find((a) => a.InstanceId === instanceId && a.State !== 'disassociated');
  if (profile?.AssociationId) aws.profileAssociationId = String(profile.AssociationId);
  if (j.ebsDefault) {
    aws.ebsEncryptionByDefault = j.ebsDefault.value;
    sources['aws.ebsEncryptionByDefault'] = j.ebsDefault.where;
  }
  applyAttributes(aws, j.attributes.get(instanceId) ?? [], sources);

  const tags = tagsOf(inst.Tags);
  const snap: VmSnapshot = {
    kind: 'vm',
    provider: 'aws',
    id: instanceId,
    tags,
    origin: 'file',
    sources,
    aws,
  };
  // Spec ↓ needs "provably no public address". A stopped instance's auto-assigned IPv4 comes back
  // at start (S14): without an address now, it is provably private only when auto-assign is off.
  if (publicIpv4.size > 0 || ipv6.size > 0) snap.hasPublicAddress = true;
  else if (aws.state !== 'stopped' || aws.autoAssignPublicIp === false) snap.hasPublicAddress = false;
  if (tags.Name) snap.name = tags.Name;
  if (region) snap.region = region;
  if (zone) snap.zone = zone;
  if (aws.state) snap.state = aws.state;
  return VmSnapshot.parse(snap);
}

/** Every instance in the inputs, joined with the other documents. */
export function normaliseAws(inputs: AwsInput[]): VmSnapshot[] {
  const j = collect(inputs);
  if (j.ebsDefault) {
    const regions = new Set(j.instances.map(({ inst }) => regionOfZone(inst.Placement?.AvailabilityZone)).filter(Boolean));
    // get-ebs-encryption-by-default does not name its region: one region's setting must not decide
    // another region's instances, so with several regions it stays unknown.
    if (regions.size > 1) j.ebsDefault = undefined;
  }
  return j.instances.map(({ inst, where }) => instanceSnapshot(inst, where, j));
}
