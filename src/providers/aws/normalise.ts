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
  groups: Map<string, DescribedGroup>;
  groupRules: Map<string, { inbound: AwsSgRule[]; outbound: AwsSgRule[]; where: string }>;
  volumes: Map<string, { vol: Json; where: string }>;
  attributes: Map<string, Array<{ attr: Json; where: string }>>;
  ebsDefault?: { value: boolean; where: string };
  addresses: Json[];
  profileAssociations: Json[];
  /** Built on first use (see `firstMatch`). */
  eipByInterface?: FirstMatchIndex;
  profileByInstance?: FirstMatchIndex;
}

interface DescribedGroup {
  group: Json;
  where: string;
  /** `aws.securityGroups[<id>]`, the group's key in each instance's sources. */
  sourceKey?: string;
  /** The group's rules per group name they were written with, built for the first instance that uses the group. */
  rules?: Map<string | undefined, { inbound: AwsSgRule[]; outbound: AwsSgRule[] }>;
}

/**
 * `list.find((a) => a[key] === value && accept(a))` for many values: the first accepted entry per
 * key, found in one pass. Entries before which `find` would have thrown (null and the like) are
 * remembered, so that a lookup that would have reached one still throws as `find` did.
 */
interface FirstMatchIndex {
  first: Map<unknown, { entry: Json; index: number }>;
  /** Index of the first entry whose property read throws; Infinity when none. */
  broken: number;
}

function firstMatchIndex(list: Json[], key: string, accept: (a: Json) => unknown): FirstMatchIndex {
  const first = new Map<unknown, { entry: Json; index: number }>();
  let broken = Infinity;
  for (let index = 0; index < list.length; index++) {
    const a = list[index];
    if (a === null || a === undefined) {
      broken = index;
      break;
    }
    const k = a[key];
    // `===` never matches NaN, whereas a Map key would.
    if (typeof k === 'number' && Number.isNaN(k)) continue;
    if (!first.has(k) && accept(a)) first.set(k, { entry: a, index });
  }
  return { first, broken };
}

function firstMatch(list: Json[], index: FirstMatchIndex, key: string, value: unknown, accept: (a: Json) => unknown): Json | undefined {
  const hit = index.first.get(value);
  const at = hit ? hit.index : Infinity;
  // `find` would have met the broken entry first: let it throw exactly as it did.
  if (index.broken < at) return list.find((a) => a[key] === value && accept(a));
  return hit?.entry;
}

const hasEipAssociation = (a: Json) => a.AssociationId;
const isAssociated = (a: Json) => a.State !== 'disassociated';

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

/** A rule as its own object (snapshots share nothing: each is a tree of its own). */
function copyRule(r: AwsSgRule): AwsSgRule {
  const out = { ...r };
  out.ports = r.ports.slice();
  return out;
}

/** `{ ...r, groupName }` with the key where the schema has it (after groupId). */
function withGroupName(r: AwsSgRule, groupName: string): AwsSgRule {
  const out = { id: r.id } as AwsSgRule;
  if ('securityGroupRuleId' in r) out.securityGroupRuleId = r.securityGroupRuleId;
  if ('groupId' in r) out.groupId = r.groupId;
  out.groupName = groupName;
  out.protocol = r.protocol;
  out.ports = r.ports.slice();
  out.source = r.source;
  if ('description' in r) out.description = r.description;
  return out;
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
    const groupName = sg.groupName;
    sg.inbound = groupName ? rules.inbound.map((r) => withGroupName(r, groupName)) : rules.inbound.map(copyRule);
    sg.outbound = groupName ? rules.outbound.map((r) => withGroupName(r, groupName)) : rules.outbound.map(copyRule);
    sources[`aws.securityGroups[${groupId}]`] = rules.where;
  } else if (described) {
    const g = described.group;
    if (g.VpcId) sg.vpcId = String(g.VpcId);
    // The same group serves many instances: its permissions are flattened once per group name.
    let flat = described.rules?.get(sg.groupName);
    if (!flat) {
      const ident = { groupId, groupName: sg.groupName };
      const inbound = (g.IpPermissions ?? []).flatMap((p: Json) => rulesFromPermission(p, ident, false));
      const outbound = (g.IpPermissionsEgress ?? []).flatMap((p: Json) => rulesFromPermission(p, ident, true));
      flat = { inbound, outbound };
      (described.rules ??= new Map()).set(sg.groupName, flat);
    }
    sg.inbound = flat.inbound.map(copyRule);
    sg.outbound = flat.outbound.map(copyRule);
    sources[(described.sourceKey ??= `aws.securityGroups[${groupId}]`)] = described.where;
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
  j.eipByInterface ??= firstMatchIndex(j.addresses, 'NetworkInterfaceId', hasEipAssociation);
  const eip = firstMatch(j.addresses, j.eipByInterface, 'NetworkInterfaceId', eni.NetworkInterfaceId, hasEipAssociation);
  if (eip) n.eipAssociationId = String(eip.AssociationId);
  n.ipv6Addresses = (eni.Ipv6Addresses ?? []).map((a: Json) => String(a.Ipv6Address));
  n.groupIds = (eni.Groups ?? []).map((g: Json) => String(g.GroupId));
  return n;
}

/** Values describe-instance-attribute documents set (later documents win). */
interface Attributes {
  disableApiTermination?: boolean;
  userData?: string | null;
  sourceDestCheck?: boolean;
}

function applyAttributes(out: Attributes, attrs: Array<{ attr: Json; where: string }>, sources: Record<string, string>) {
  for (const { attr, where } of attrs) {
    if (attr.DisableApiTermination && typeof attr.DisableApiTermination.Value === 'boolean') {
      out.disableApiTermination = attr.DisableApiTermination.Value;
      sources['aws.disableApiTermination'] = where;
    }
    if (attr.UserData) {
      // `{}` (no Value) is how the CLI reports an instance without user data.
      out.userData = typeof attr.UserData.Value === 'string' && attr.UserData.Value !== '' ? attr.UserData.Value : null;
      sources['aws.userData'] = where;
    }
    if (attr.SourceDestCheck && typeof attr.SourceDestCheck.Value === 'boolean') {
      out.sourceDestCheck = attr.SourceDestCheck.Value;
      sources['aws.sourceDestCheck'] = where;
    }
  }
}

type AwsSection = NonNullable<VmSnapshot['aws']>;

/**
 * The values are read in a fixed order (so a malformed document fails where it always did) and the
 * objects are then built with their keys in the schema's order, which is the form validation
 * (`VmSnapshot.parse`) gives them; see `isVmSnapshot`.
 */
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

  const publicIpv4Addresses = [...publicIpv4];
  const ipv6Addresses = [...ipv6];
  const iamInstanceProfileArn = inst.IamInstanceProfile?.Arn ?? null;
  const instanceLifecycle = inst.InstanceLifecycle ?? null;
  const platform = inst.Platform ?? null;
  const securityGroups = [...groupRefs.values()].map((g) => securityGroupOf(g, j, sources));
  const volumes: AwsVolume[] = (inst.BlockDeviceMappings ?? []).filter((m: Json) => m?.Ebs?.VolumeId).map((m: Json) => volumeOf(m, j, sources));
  const vpcId = inst.VpcId ? String(inst.VpcId) : undefined;
  const subnetId = inst.SubnetId ? String(inst.SubnetId) : undefined;
  const instanceType = inst.InstanceType ? String(inst.InstanceType) : undefined;
  const state = inst.State?.Name ? String(inst.State.Name) : undefined;
  const hasReason = 'StateTransitionReason' in inst;
  const stateTransitionReason = hasReason ? (inst.StateTransitionReason ?? null) : undefined;
  const stoppedAt = stoppedAtOf(inst.StateTransitionReason);
  const launch = timeOf(inst.LaunchTime);
  const virtualizationType = inst.VirtualizationType ? String(inst.VirtualizationType) : undefined;
  const monitoringState = inst.Monitoring?.State ? String(inst.Monitoring.State) : undefined;
  const attrs: Attributes = {};
  if (typeof inst.SourceDestCheck === 'boolean') attrs.sourceDestCheck = inst.SourceDestCheck;
  let metadataOptions: AwsSection['metadataOptions'];
  if (inst.MetadataOptions && typeof inst.MetadataOptions === 'object') {
    const m = inst.MetadataOptions;
    metadataOptions = { httpEndpoint: m.HttpEndpoint === 'disabled' ? 'disabled' : 'enabled' };
    if (m.HttpTokens === 'optional' || m.HttpTokens === 'required') metadataOptions.httpTokens = m.HttpTokens;
    if (typeof m.HttpPutResponseHopLimit === 'number') metadataOptions.httpPutResponseHopLimit = m.HttpPutResponseHopLimit;
    if (m.InstanceMetadataTags === 'enabled' || m.InstanceMetadataTags === 'disabled') metadataOptions.instanceMetadataTags = m.InstanceMetadataTags;
  }
  // A running instance's auto-assigned address is owned by "amazon"; an EIP by the account.
  j.profileByInstance ??= firstMatchIndex(j.profileAssociations, 'InstanceId', isAssociated);
  const profile = firstMatch(j.profileAssociations, j.profileByInstance, 'InstanceId', instanceId, isAssociated);
  const profileAssociationId = profile?.AssociationId ? String(profile.AssociationId) : undefined;
  let ebsEncryptionByDefault: boolean | undefined;
  if (j.ebsDefault) {
    ebsEncryptionByDefault = j.ebsDefault.value;
    sources['aws.ebsEncryptionByDefault'] = j.ebsDefault.where;
  }
  applyAttributes(attrs, j.attributes.get(instanceId) ?? [], sources);

  const aws: AwsSection = { instanceId };
  if (region) aws.region = region;
  if (zone) aws.availabilityZone = zone;
  if (vpcId !== undefined) aws.vpcId = vpcId;
  if (subnetId !== undefined) aws.subnetId = subnetId;
  if (instanceType !== undefined) aws.instanceType = instanceType;
  if (state !== undefined) aws.state = state;
  if (hasReason) aws.stateTransitionReason = stateTransitionReason;
  if (stoppedAt) aws.stoppedAt = stoppedAt;
  if (launch) aws.launchTime = launch;
  aws.instanceLifecycle = instanceLifecycle;
  if (virtualizationType !== undefined) aws.virtualizationType = virtualizationType;
  aws.platform = platform;
  if (metadataOptions) aws.metadataOptions = metadataOptions;
  aws.publicIpv4Addresses = publicIpv4Addresses;
  aws.ipv6Addresses = ipv6Addresses;
  aws.iamInstanceProfileArn = iamInstanceProfileArn;
  if (profileAssociationId !== undefined) aws.profileAssociationId = profileAssociationId;
  if (monitoringState !== undefined) aws.monitoringState = monitoringState;
  if ('disableApiTermination' in attrs) aws.disableApiTermination = attrs.disableApiTermination;
  if ('sourceDestCheck' in attrs) aws.sourceDestCheck = attrs.sourceDestCheck;
  if ('userData' in attrs) aws.userData = attrs.userData;
  if (ebsEncryptionByDefault !== undefined) aws.ebsEncryptionByDefault = ebsEncryptionByDefault;
  aws.securityGroups = securityGroups;
  aws.networkInterfaces = enis;
  aws.volumes = volumes;

  const tags = tagsOf(inst.Tags);
  const snap: VmSnapshot = { kind: 'vm', provider: 'aws', id: instanceId };
  if (tags.Name) snap.name = tags.Name;
  if (region) snap.region = region;
  if (zone) snap.zone = zone;
  if (aws.state) snap.state = aws.state;
  // Spec ↓ needs "provably no public address". A stopped instance's auto-assigned IPv4 comes back
  // at start (S14): without an address now, it is provably private only when auto-assign is off.
  if (publicIpv4.size > 0 || ipv6.size > 0) snap.hasPublicAddress = true;
  else if (aws.state !== 'stopped' || aws.autoAssignPublicIp === false) snap.hasPublicAddress = false;
  snap.tags = tags;
  snap.origin = 'file';
  snap.sources = sources;
  snap.aws = aws;
  // Built in the validated form, it is returned as it is; anything else goes through the schema,
  // which rejects it with the problem's path (or, were it only in another order, reorders it).
  return isVmSnapshot(snap) ? snap : VmSnapshot.parse(snap);
}

// ---------------------------------------------------------------------------------------------
// `VmSnapshot.parse` copies every object it validates, and that copy was a third of the
// normaliser's time. A snapshot that passes `isVmSnapshot` is exactly what parse would return
// (same keys, same order, nothing to strip, reorder or fill in), so it is returned as built.
// The check is derived from the schema itself, so it follows the schema as that changes: a
// schema feature it does not know (a refinement, a default, a transform…) makes it answer false
// there, and parse then decides as it always did. test/unit/engine/normalise-shape.test.ts holds
// the two to agreement.

type Check = (v: unknown) => boolean;

const never: Check = () => false;

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype && Object.getOwnPropertySymbols(v).length === 0;
}

/** The zod definition of a schema (zod 4: `schema.def`), or undefined. */
interface ZodDef {
  type?: string;
  checks?: unknown[];
  shape?: Record<string, unknown>;
  catchall?: unknown;
  innerType?: unknown;
  element?: unknown;
  keyType?: unknown;
  valueType?: unknown;
  entries?: Record<string, unknown>;
  values?: unknown[];
}
const defOf = (schema: unknown): ZodDef => ((schema as { def?: ZodDef } | null)?.def ?? {}) as ZodDef;

/**
 * A check equivalent to "parse succeeds and returns its input unchanged" for the zod types the
 * snapshot schema uses (plain string, finite number, boolean, literal, enum, nullable, array,
 * string record, object with optional keys); false for anything else.
 */
function checkOf(schema: unknown): Check {
  const def = defOf(schema);
  if (def.checks && def.checks.length > 0) return never;
  switch (def.type) {
    case 'string':
      return (v) => typeof v === 'string';
    case 'number':
      return (v) => typeof v === 'number' && Number.isFinite(v);
    case 'boolean':
      return (v) => typeof v === 'boolean';
    case 'literal': {
      const values = def.values ?? [];
      return (v) => values.includes(v) && v !== undefined;
    }
    case 'enum': {
      const values = Object.values(def.entries ?? {});
      return (v) => (typeof v === 'string' || typeof v === 'number') && values.includes(v);
    }
    case 'nullable': {
      const inner = checkOf(def.innerType);
      return (v) => v === null || inner(v);
    }
    case 'array': {
      const element = checkOf(def.element);
      return (v) => {
        if (!Array.isArray(v)) return false;
        for (let i = 0; i < v.length; i++) if (!(i in v) || !element(v[i])) return false;
        return true;
      };
    }
    case 'record': {
      const keyDef = defOf(def.keyType);
      if (keyDef.type !== 'string' || (keyDef.checks && keyDef.checks.length > 0)) return never;
      const value = checkOf(def.valueType);
      return (v) => {
        if (!isPlainObject(v)) return false;
        // A copy loses an own `__proto__` key: such a record is left to parse.
        for (const k in v) if (!Object.prototype.hasOwnProperty.call(v, k) || k === '__proto__' || !value(v[k])) return false;
        return true;
      };
    }
    case 'object': {
      if (def.catchall !== undefined || !def.shape) return never;
      const shape = Object.entries(def.shape).map(([key, field]) => {
        const fieldDef = defOf(field);
        const optional = fieldDef.type === 'optional';
        return { key, optional, check: checkOf(optional ? fieldDef.innerType : field) };
      });
      // Every own key is in the shape, in the shape's order, with a valid value (an optional key is
      // absent, never `undefined`), and every required key is present.
      return (v) => {
        if (!isPlainObject(v)) return false;
        let at = 0;
        for (const k in v) {
          if (!Object.prototype.hasOwnProperty.call(v, k)) return false;
          while (at < shape.length && shape[at].key !== k) if (!shape[at++].optional) return false;
          if (at === shape.length || !shape[at].check(v[k])) return false;
          at++;
        }
        for (; at < shape.length; at++) if (!shape[at].optional) return false;
        return true;
      };
    }
    default:
      return never;
  }
}

/** True when `VmSnapshot.parse(v)` would succeed and return a deep copy of `v` equal to it, key order included. */
export const isVmSnapshot = checkOf(VmSnapshot) as (v: unknown) => v is VmSnapshot;

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
