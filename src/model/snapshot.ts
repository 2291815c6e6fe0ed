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
import { AzureVmSection } from '../providers/azure/schema';

export { AzureVmSection };

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

/** GCP: one `allowed[]`/`denied[]` entry (or a firewall-policy `layer4Configs[]` entry). */
export const GcpFirewallPortRule = z.object({
  /** As the API gives it: "tcp", "udp", "all", "icmp", "6". */
  protocol: z.string(),
  /** Absent/null = every port of the protocol (S20). */
  ports: z.array(z.string()).nullable().optional(),
});
export type GcpFirewallPortRule = z.infer<typeof GcpFirewallPortRule>;

/**
 * GCP: one VPC firewall rule on a network of the VM (or one firewall-policy rule from
 * get-effective-firewalls). Applicability (S18: direction, disabled, targets) and priority (S22)
 * are judged by the gcpFirewallAdmits CEL helper, so every field is kept as given.
 */
export const GcpFirewallRule = z.object({
  /** The rule name (policy rules: "<policy>/<priority>"). */
  id: z.string(),
  firewallName: z.string(),
  /** Project that owns the rule (Shared VPC host), from its selfLink/network. */
  firewallProject: z.string().optional(),
  /** Set for firewall-policy rules: the policy's name; absent for VPC firewall rules. */
  policy: z.string().optional(),
  /** Evaluation tier: hierarchical policies first, then VPC rules, then network policies (lower first). */
  tier: z.number().optional(),
  /** Normalised `projects/<p>/global/networks/<n>`. */
  network: z.string().optional(),
  /** INGRESS | EGRESS (absent in API JSON ⇒ INGRESS). */
  direction: z.string().optional(),
  /** Absent in API JSON ⇒ 1000. */
  priority: z.number().optional(),
  disabled: z.boolean().optional(),
  /** Policy rules: allow | deny | goto_next. */
  action: z.string().optional(),
  allowed: z.array(GcpFirewallPortRule).nullable().optional(),
  denied: z.array(GcpFirewallPortRule).nullable().optional(),
  sourceRanges: z.array(z.string()).nullable().optional(),
  sourceTags: z.array(z.string()).nullable().optional(),
  sourceServiceAccounts: z.array(z.string()).nullable().optional(),
  /** Ingress rules may narrow the destination; such a deny is not taken to cover the VM. */
  destinationRanges: z.array(z.string()).nullable().optional(),
  targetTags: z.array(z.string()).nullable().optional(),
  targetServiceAccounts: z.array(z.string()).nullable().optional(),
  /** True when the source already resolved the targets to this VM (get-effective-firewalls). */
  targetsMatched: z.boolean().optional(),
});
export type GcpFirewallRule = z.infer<typeof GcpFirewallRule>;

export const GcpMetadataItem = z.object({
  /** The key (also the finding's item). */
  id: z.string(),
  key: z.string(),
  /** Plain text, as the API gives it (never base64). */
  value: z.string(),
  /** Instance `metadata.items` or project `commonInstanceMetadata.items`. */
  scope: z.enum(['instance', 'project']),
});
export type GcpMetadataItem = z.infer<typeof GcpMetadataItem>;

export const GcpAccessConfig = z.object({
  id: z.string(),
  name: z.string().optional(),
  type: z.string().optional(),
  /** Absent while the VM is stopped: the ephemeral address returns at start (S27). */
  natIP: z.string().optional(),
  externalIpv6: z.string().optional(),
});

export const GcpNetworkInterface = z.object({
  id: z.string(),
  name: z.string().optional(),
  /** Normalised `projects/<p>/global/networks/<n>`. */
  network: z.string().optional(),
  /** Normalised `projects/<p>/regions/<r>/subnetworks/<s>`. */
  subnetwork: z.string().optional(),
  subnetworkName: z.string().optional(),
  networkIP: z.string().optional(),
  stackType: z.string().optional(),
  accessConfigs: z.array(GcpAccessConfig).optional(),
  ipv6AccessConfigs: z.array(GcpAccessConfig).optional(),
});
export type GcpNetworkInterface = z.infer<typeof GcpNetworkInterface>;

export const GcpDisk = z.object({
  id: z.string(),
  deviceName: z.string().optional(),
  /** Normalised `projects/<p>/zones/<z>/disks/<d>`. */
  source: z.string().optional(),
  diskName: z.string().optional(),
  boot: z.boolean().optional(),
  /** null = no customer key (Google-managed encryption). */
  diskEncryptionKey: z
    .object({ kmsKeyName: z.string().optional(), sha256: z.string().optional() })
    .nullable()
    .optional(),
});
export type GcpDisk = z.infer<typeof GcpDisk>;

export const GcpSubnetwork = z.object({
  id: z.string(),
  subnetworkName: z.string().optional(),
  region: z.string().optional(),
  /** `logConfig.enable` (legacy `enableFlowLogs`); absent in API JSON ⇒ false. */
  flowLogsEnabled: z.boolean().optional(),
});
export type GcpSubnetwork = z.infer<typeof GcpSubnetwork>;

export const GcpVmSection = z.object({
  name: z.string().optional(),
  project: z.string().optional(),
  zone: z.string().optional(),
  region: z.string().optional(),
  /** RUNNING | TERMINATED | STOPPING | SUSPENDED | … */
  status: z.string().optional(),
  machineType: z.string().optional(),
  canIpForward: z.boolean().optional(),
  deletionProtection: z.boolean().optional(),
  labels: z.record(z.string(), z.string()).optional(),
  /** `tags.items` ([] = known none). */
  networkTags: z.array(z.string()).optional(),
  serviceAccounts: z.array(z.object({ id: z.string(), email: z.string(), scopes: z.array(z.string()).optional() })).optional(),
  /**
   * Instance `metadata.items` (scope instance; id = key) and, when `project-info describe` was
   * given, the project's `commonInstanceMetadata.items` (scope project; id = "project/<key>").
   */
  metadata: z.array(GcpMetadataItem).optional(),
  /** True when the project metadata was given (its items are in `metadata`); absent = not seen. */
  projectMetadataSeen: z.boolean().optional(),
  /** Guest OS feature types of the boot disk ("WINDOWS", "UEFI_COMPATIBLE", …). */
  guestOsFeatures: z.array(z.string()).optional(),
  isWindows: z.boolean().optional(),
  shieldedInstanceConfig: z
    .object({ enableSecureBoot: z.boolean(), enableVtpm: z.boolean(), enableIntegrityMonitoring: z.boolean() })
    .nullable()
    .optional(),
  confidentialInstanceConfig: z
    .object({ enableConfidentialCompute: z.boolean(), confidentialInstanceType: z.string().nullable() })
    .nullable()
    .optional(),
  networkInterfaces: z.array(GcpNetworkInterface).optional(),
  disks: z.array(GcpDisk).optional(),
  /** The NICs' subnetworks, when `subnets describe` output was given. */
  subnetworks: z.array(GcpSubnetwork).optional(),
  /** Firewall rules on the VM's networks; absent = no firewall data (unknown, S23). */
  firewall: z
    .object({
      /** "effective" (get-effective-firewalls, policies included) or "vpc" (firewall-rules list). */
      source: z.enum(['effective', 'vpc']),
      /** S23: with VPC rules only, firewall policies were not seen. */
      note: z.string().optional(),
      rules: z.array(GcpFirewallRule),
    })
    .optional(),
});
export type GcpVmSection = z.infer<typeof GcpVmSection>;

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
  gcp: GcpVmSection.optional(),
  azure: AzureVmSection.optional(),
});
export type VmSnapshot = z.infer<typeof VmSnapshot>;

/** Snapshots are a union by kind; further kinds (security group, volume, account) join here. */
export const ResourceSnapshot = z.discriminatedUnion('kind', [VmSnapshot]);
export type ResourceSnapshot = z.infer<typeof ResourceSnapshot>;
export type ResourceKind = ResourceSnapshot['kind'];

/** Field paths whose values are never shown in evidence (they may hold secrets). */
export const SENSITIVE_PATHS = ['aws.userData', 'gcp.metadata', 'azure.userData'];
