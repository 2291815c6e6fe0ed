/**
 * The Google Cloud console's visible labels on a VM instance's details page, as data so that more
 * console languages can be added. Keys are ours; values are every label text seen for that setting
 * (spec/pages.md "Google Cloud"; items marked unverified there stay as alternatives here). Matching
 * ignores case, spacing and a trailing ":" (see normaliseGcpLabel).
 */
export type GcpLabelKey =
  | 'machineType'
  | 'labels'
  | 'networkTags'
  | 'network'
  | 'subnetwork'
  | 'internalIp'
  | 'externalIp'
  | 'externalIpv6'
  | 'stackType'
  | 'ipForwarding'
  | 'nicName'
  | 'secureBoot'
  | 'vtpm'
  | 'integrityMonitoring'
  | 'blockProjectSshKeys'
  | 'serviceAccount'
  | 'accessScopes'
  | 'osLogin'
  | 'confidentialVm'
  | 'serialPort'
  | 'deletionProtection'
  | 'dataEncryption'
  | 'customMetadata';

export const GCP_LABELS: Record<string, Record<GcpLabelKey, string[]>> = {
  en: {
    machineType: ['Machine type'],
    labels: ['Labels'],
    networkTags: ['Network tags'],
    network: ['Network'],
    subnetwork: ['Subnetwork'],
    internalIp: ['Internal IP', 'Primary internal IP address', 'Internal IP address', 'Primary internal IP'],
    externalIp: ['External IP', 'External IP address', 'External IPv4 address'],
    externalIpv6: ['External IPv6 address', 'External IPv6'],
    stackType: ['IP stack type', 'Stack type'],
    ipForwarding: ['IP forwarding'],
    nicName: ['Network interface', 'Interface name'],
    secureBoot: ['Secure Boot', 'Turn on Secure Boot'],
    vtpm: ['vTPM', 'Turn on vTPM'],
    integrityMonitoring: ['Integrity Monitoring', 'Integrity monitoring', 'Turn on Integrity Monitoring'],
    blockProjectSshKeys: ['Block project-wide SSH keys'],
    serviceAccount: ['Service account'],
    accessScopes: ['Cloud API access scopes', 'Access scopes'],
    // (unverified) whether this row shows the instance's own setting or the effective one.
    osLogin: ['OS Login'],
    confidentialVm: ['Confidential VM service', 'Confidential VM'],
    // (unverified label)
    serialPort: ['Serial port access', 'Enable connecting to serial ports', 'Connecting to serial ports', 'Serial port'],
    deletionProtection: ['Deletion protection', 'Enable deletion protection'],
    dataEncryption: ['Data encryption'],
    customMetadata: ['Custom metadata', 'Metadata'],
  },
};

/** Section headings (a heading's own text). */
export const GCP_HEADINGS = {
  en: {
    networking: ['Networking'],
    networkInterfaces: ['Network interfaces', 'Network interface'],
    security: ['Security and access', 'Security'],
    management: ['Management'],
    storage: ['Storage'],
    bootDisk: ['Boot disk'],
    additionalDisks: ['Additional disks', 'Additional disk', 'Local disks'],
  },
} as const;

/** Table column headers (the Storage tables; network interfaces shown as a table). */
export const GCP_COLUMNS = {
  en: {
    name: ['Name'],
    deviceName: ['Device name'],
    image: ['Image', 'Source image'],
    encryption: ['Encryption', 'Encryption type', 'Data encryption'],
    network: ['Network'],
    subnetwork: ['Subnetwork'],
    internalIp: ['Primary internal IP address', 'Internal IP', 'Internal IP address'],
    externalIp: ['External IP address', 'External IP'],
    externalIpv6: ['External IPv6 address'],
    stackType: ['IP stack type'],
    ipForwarding: ['IP forwarding'],
  },
} as const;

/** Values, likewise. */
export const GCP_VALUES = {
  en: {
    on: ['on', 'enabled', 'true', 'yes', 'blocked', 'allowed'],
    off: ['off', 'disabled', 'false', 'no', 'not blocked', 'not allowed'],
    none: ['none', '–', '-', '—', 'no labels', 'no tags', 'no network tags'],
    fullAccess: ['allow full access to all cloud apis', 'full access to all cloud apis', 'allow full access to all cloud apis (cloud platform)'],
    defaultAccess: ['allow default access', 'default access'],
    googleManaged: ['google-managed', 'google managed', 'google-managed encryption key'],
    customerManaged: ['customer-managed', 'customer managed', 'customer-managed encryption key (cmek)', 'cmek'],
    customerSupplied: ['customer-supplied', 'customer supplied', 'customer-supplied encryption key (csek)', 'csek'],
  },
} as const;

export function normaliseGcpLabel(text: string): string {
  return text.replace(/\s+/g, ' ').trim().replace(/\s*:$/, '').trim().toLowerCase();
}
