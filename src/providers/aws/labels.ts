/**
 * The EC2 console's visible labels, as data so that more console languages can be added (the
 * console has a language switch). Keys are ours; values are every label text seen for that setting
 * (spec/pages.md). Matching ignores case, spacing, a trailing ":" and a trailing "Info" link.
 */
export type AwsLabelKey =
  | 'instanceId'
  | 'instanceState'
  | 'instanceType'
  | 'availabilityZone'
  | 'amiId'
  | 'platform'
  | 'launchTime'
  | 'terminationProtection'
  | 'stopProtection'
  | 'monitoring'
  | 'metadataAccessible'
  | 'imdsv2'
  | 'hopLimit'
  | 'metadataTags'
  | 'ownerId'
  | 'vpcId'
  | 'subnetId'
  | 'publicIpv4'
  | 'privateIpv4'
  | 'ipv6'
  | 'elasticIp'
  | 'autoAssignPublicIp'
  | 'autoAssignedIp'
  | 'lifecycle'
  | 'sourceDestCheck'
  | 'rootDeviceType'
  | 'iamRole'
  | 'stateTransitionReason'
  | 'virtualizationType';

export const AWS_LABELS: Record<string, Record<AwsLabelKey, string[]>> = {
  en: {
    instanceId: ['Instance ID'],
    instanceState: ['Instance state'],
    instanceType: ['Instance type'],
    availabilityZone: ['Availability Zone', 'Availability zone'],
    amiId: ['AMI ID'],
    platform: ['Platform'],
    launchTime: ['Launch time'],
    terminationProtection: ['Termination protection'],
    stopProtection: ['Stop protection'],
    monitoring: ['Monitoring'],
    metadataAccessible: ['Metadata accessible', 'Instance metadata service'],
    imdsv2: ['IMDSv2'],
    hopLimit: ['Metadata response hop limit'],
    metadataTags: ['Allow tags in metadata', 'Allow tags in instance metadata'],
    ownerId: ['Owner ID', 'Owner'],
    vpcId: ['VPC ID'],
    subnetId: ['Subnet ID'],
    publicIpv4: ['Public IPv4 address', 'Public IPv4 addresses'],
    privateIpv4: ['Private IPv4 addresses', 'Private IPv4 address'],
    ipv6: ['IPv6 addresses', 'IPv6 address', 'IPv6 IPs'],
    elasticIp: ['Elastic IP addresses', 'Elastic IP address', 'Elastic IP'],
    autoAssignPublicIp: ['Auto-assign public IP'],
    // The instance page's "Auto-assigned IP address" shows the address AWS assigned (not an EIP).
    autoAssignedIp: ['Auto-assigned IP address', 'Auto-assigned IP addresses'],
    // Spot/scheduled instances say so here (unverified label; absent means unknown).
    lifecycle: ['Lifecycle', 'Instance lifecycle'],
    sourceDestCheck: ['Source/dest. check', 'Source / destination check', 'Source/destination check'],
    rootDeviceType: ['Root device type'],
    iamRole: ['IAM Role', 'IAM role', 'IAM instance profile'],
    stateTransitionReason: ['State transition reason'],
    virtualizationType: ['Virtualization type', 'Virtualization'],
  },
};

/** Table column headers, likewise. */
export const AWS_COLUMNS = {
  en: {
    ruleId: ['Security group rule ID'],
    ipVersion: ['IP version'],
    type: ['Type'],
    protocol: ['Protocol'],
    portRange: ['Port range'],
    source: ['Source'],
    destination: ['Destination'],
    groups: ['Security groups', 'Security group', 'Security group name'],
    description: ['Description'],
    volumeId: ['Volume ID'],
    deviceName: ['Device name'],
    encrypted: ['Encrypted', 'Encryption'],
    kmsKeyId: ['KMS key ID', 'KMS key'],
    attachmentStatus: ['Attachment status'],
    interfaceId: ['Interface ID', 'Network interface ID'],
    interfaceSourceDest: ['Source/dest. check', 'Source/destination check'],
    deviceIndex: ['Device index'],
    attachmentId: ['Attachment ID'],
    tagKey: ['Key'],
    tagValue: ['Value'],
    // The instances list (#Instances:): every column is optional (the console lets people pick).
    listName: ['Name'],
    listInstanceId: ['Instance ID'],
    listState: ['Instance state'],
    listType: ['Instance type'],
    listZone: ['Availability Zone', 'Availability zone'],
    listPublicIpv4: ['Public IPv4 address', 'Public IPv4 IP'],
    listElasticIp: ['Elastic IP', 'Elastic IP address', 'Elastic IP addresses'],
    listIpv6: ['IPv6 IPs', 'IPv6 IP', 'IPv6 addresses'],
    listMonitoring: ['Monitoring'],
    listLaunchTime: ['Launch time'],
  },
} as const;
export type AwsColumnKey = keyof (typeof AWS_COLUMNS)['en'];

/** Section headings, likewise (a Cloudscape counter such as " (2)" is ignored). */
export const AWS_HEADINGS = {
  en: {
    tags: ['Tags'],
  },
} as const;

export function normaliseLabel(text: string): string {
  return text
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/(?:\s*:)?\s*Info(?:\s*:)?$/i, '')
    .replace(/\s*:$/, '')
    .trim()
    .toLowerCase();
}
