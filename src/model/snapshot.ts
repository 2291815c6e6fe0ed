/**
 * Resource snapshots: what vmlint knows about one resource, from a console page, the console's own
 * API JSON, or a CLI file. Every field is optional because "not seen" must stay "unknown" (never a
 * failure): a rule that reads a missing field gets CEL's `no such key` error and the verdict is
 * unknown. `null` is used for "seen, and known to be empty" (a console "–", an API field that is
 * present but empty), so `x == null` in a rule is a real statement about the resource.
 *
 * Every list element a rule can judge one by one carries an `id` (the finding's `item`).
 * Provenance: `sources` maps a field path ("aws.metadataOptions.httpTokens") to where it was read
 * ("page: IMDSv2", "file: instances.json#Reservations[0].Instances[0].MetadataOptions").
 */
import { z } from 'zod';

export const Provider = z.enum(['aws', 'gcp', 'azure']);
export type Provider = z.infer<typeof Provider>;

const Sources = z.record(z.string(), z.string());
const Tags = z.record(z.string(), z.string());

/** One inbound or outbound security-group rule, one source per rule (the console's and
 *  describe-security-group-rules' granularity: each has its own `sgr-` id and its own fix). */
export const AwsSgRule = z.object({
  id: z.string(),
  securityGroupRuleId: z.string().optional(),
  groupId: z.string().optional(),
  groupName: z.string().optional(),
  /** As the source gave it: "tcp", "-1", "6", "All", "icmp". */
  protocol: z.string(),
  /** Port ranges as strings ("22", "0-65535", "*" = every port). Portless protocols: []. */
  ports: z.array(z.string()),
  /** A CIDR (IPv4 or IPv6), an SG reference ("sg-…"), or a prefix list ("pl-…"). */
  source: z.string(),
  description: z.string().nullable().optional(),
});
export type AwsSgRule = z.infer<typeof AwsSgRule>;

export const AwsSecurityGroup = z.object({
  id: z.string(),
  groupId: z.string(),
  groupName: z.string().optional(),
  vpcId: z.string().optional(),
  /** Absent: this group's rules were not seen (an id from the instance, no describe-security-groups). */
  inbound: z.array(AwsSgRule).optional(),
  outbound: z.array(AwsSgRule).optional(),
});
export type AwsSecurityGroup = z.infer<typeof AwsSecurityGroup>;

export const AwsVolume = z.object({
  id: z.string(),
  volumeId: z.string(),
  deviceName: z.string().optional(),
  encrypted: z.boolean().optional(),
  kmsKeyId: z.string().nullable().optional(),
  state: z.string().optional(),
  sizeGiB: z.number().optional(),
  availabilityZone: z.string().optional(),
  /** Instance ids the volume is attached to ([] = known detached). */
  attachedTo: z.array(z.string()).optional(),
});
export type AwsVolume = z.infer<typeof AwsVolume>;

export const AwsNetworkInterface = z.object({
  id: z.string(),
  networkInterfaceId: z.string().optional(),
  attachmentId: z.string().optional(),
  deviceIndex: z.number().optional(),
  sourceDestCheck: z.boolean().optional(),
  /** Public IPv4 associated with this ENI; null = known none. */
  publicIp: z.string().nullable().optional(),
  /** "amazon" for an auto-assigned address, an account id for an Elastic IP. */
  ipOwnerId: z.string().optional(),
  eipAssociationId: z.string().optional(),
  ipv6Addresses: z.array(z.string()).optional(),
  groupIds: z.array(z.string()).optional(),
});
export type AwsNetworkInterface = z.infer<typeof AwsNetworkInterface>;

export const AwsVmSection = z.object({
  instanceId: z.string().optional(),
  region: z.string().optional(),
  availabilityZone: z.string().optional(),
  vpcId: z.string().optional(),
  subnetId: z.string().optional(),
  instanceType: z.string().optional(),
  /** running | stopped | pending | stopping | shutting-down | terminated */
  state: z.string().optional(),
  stateTransitionReason: z.string().nullable().optional(),
  /** ISO time of the last stop, parsed from StateTransitionReason; absent when not stated. */
  stoppedAt: z.string().optional(),
  /** ISO time of the last start (AWS `LaunchTime`). */
  launchTime: z.string().optional(),
  instanceLifecycle: z.string().nullable().optional(),
  virtualizationType: z.string().optional(),
  platform: z.string().nullable().optional(),
  metadataOptions: z
    .object({
      httpEndpoint: z.enum(['enabled', 'disabled']).optional(),
      httpTokens: z.enum(['optional', 'required']).optional(),
      httpPutResponseHopLimit: z.number().optional(),
      instanceMetadataTags: z.enum(['enabled', 'disabled']).optional(),
    })
    .optional(),
  /** Every public IPv4 of the instance (instance field and ENI associations); [] = known none. */
  publicIpv4Addresses: z.array(z.string()).optional(),
  ipv6Addresses: z.array(z.string()).optional(),
  /** Whether the subnet/launch auto-assigns a public IPv4 (returns at start for a stopped VM). */
  autoAssignPublicIp: z.boolean().optional(),
  iamInstanceProfileArn: z.string().nullable().optional(),
  profileAssociationId: z.string().optional(),
  monitoringState: z.string().optional(),
  disableApiTermination: z.boolean().optional(),
  sourceDestCheck: z.boolean().optional(),
  /** Raw user data as the API gives it (base64); null = none. */
  userData: z.string().nullable().optional(),
  /** The account's EBS encryption-by-default setting in the VM's region. */
  ebsEncryptionByDefault: z.boolean().optional(),
  securityGroups: z.array(AwsSecurityGroup).optional(),
  networkInterfaces: z.array(AwsNetworkInterface).optional(),
  /** One entry per EBS block-device mapping; [] = known to have none (instance store only). */
  volumes: z.array(AwsVolume).optional(),
});
export type AwsVmSection = z.infer<typeof AwsVmSection>;

export const VmSnapshot = z.object({
  kind: z.literal('vm'),
  provider: Provider,
  /** AWS instance id, GCP projects/<p>/zones/<z>/instances/<name>, Azure ARM id in lower case. */
  id: z.string(),
  name: z.string().optional(),
  region: z.string().optional(),
  zone: z.string().optional(),
  state: z.string().optional(),
  /** false = provably no public address (drives the ↓ severity); absent = unknown. */
  hasPublicAddress: z.boolean().optional(),
  tags: Tags.optional(),
  /** Where the snapshot came from, for the UI: "page", "api", "file". */
  origin: z.enum(['page', 'api', 'file']).optional(),
  sources: Sources.optional(),
  aws: AwsVmSection.optional(),
});
export type VmSnapshot = z.infer<typeof VmSnapshot>;

/** Snapshots are a union by kind; further kinds (security group, volume, account) join here. */
export const ResourceSnapshot = z.discriminatedUnion('kind', [VmSnapshot]);
export type ResourceSnapshot = z.infer<typeof ResourceSnapshot>;
export type ResourceKind = ResourceSnapshot['kind'];

/** Field paths whose values are never shown in evidence (they may hold secrets). */
export const SENSITIVE_PATHS = ['aws.userData'];
