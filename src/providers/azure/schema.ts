/**
 * Azure's part of a VM snapshot (spec/rules.md §3 Azure, §4 S31–S41). Every field is optional:
 * absent = not seen (unknown); null = seen and known empty. Judged list elements carry `id`
 * (lower-cased ARM ids, since ARM compares them case-insensitively).
 *
 * Defaults of spec §1 rule 4 ("absent ⇒ X" inside an API object that is present) are applied by
 * the normaliser, so a rule reads the effective value: a VM JSON without `securityProfile` gives
 * `securityProfile.securityType: "Standard"`.
 */
import { z } from 'zod';

export const AzureNsgRule = z.object({
  /** Lower-cased ARM id of the rule (`…/networksecuritygroups/<nsg>/securityrules/<name>`). */
  id: z.string(),
  ruleName: z.string().optional(),
  nsgId: z.string().optional(),
  nsgName: z.string().optional(),
  nsgResourceGroup: z.string().optional(),
  /** True for the NSG's `defaultSecurityRules` (AllowVnetInBound, DenyAllInBound, …). */
  isDefault: z.boolean().optional(),
  priority: z.number().optional(),
  /** Inbound | Outbound (any case). */
  direction: z.string().optional(),
  /** Allow | Deny (any case). */
  access: z.string().optional(),
  /** Tcp | Udp | Icmp | Esp | Ah | * (any case). */
  protocol: z.string().optional(),
  sourceAddressPrefix: z.string().nullable().optional(),
  sourceAddressPrefixes: z.array(z.string()).nullable().optional(),
  destinationAddressPrefix: z.string().nullable().optional(),
  destinationAddressPrefixes: z.array(z.string()).nullable().optional(),
  destinationPortRange: z.string().nullable().optional(),
  destinationPortRanges: z.array(z.string()).nullable().optional(),
  /** Lower-cased ids of the application security groups the rule names. */
  sourceApplicationSecurityGroups: z.array(z.string()).nullable().optional(),
  destinationApplicationSecurityGroups: z.array(z.string()).nullable().optional(),
  /**
   * Set only on the stand-in item for a NIC that has no NSG on itself nor on its subnet (S37:
   * Azure then admits by the public IP's SKU). Its value is the NIC's id.
   */
  noNsgForNic: z.string().optional(),
  nicName: z.string().optional(),
  nicResourceGroup: z.string().optional(),
});
export type AzureNsgRule = z.infer<typeof AzureNsgRule>;

export const AzureNsg = z.object({
  id: z.string(),
  name: z.string().optional(),
  resourceGroup: z.string().optional(),
  /** `securityRules` + `defaultSecurityRules`. Absent: the NSG is known to exist but was not given. */
  rules: z.array(AzureNsgRule).optional(),
});
export type AzureNsg = z.infer<typeof AzureNsg>;

export const AzurePublicIp = z.object({
  id: z.string(),
  name: z.string().optional(),
  resourceGroup: z.string().optional(),
  /** Basic | Standard; absent = not seen. */
  sku: z.string().optional(),
  /** The address; null = none allocated (a deallocated VM's dynamic IP, S41). */
  address: z.string().nullable().optional(),
});
export type AzurePublicIp = z.infer<typeof AzurePublicIp>;

export const AzureNic = z.object({
  id: z.string(),
  /** Named for the fix templates ({nicName}, {nicResourceGroup}), which take an item's fields. */
  nicName: z.string().optional(),
  nicResourceGroup: z.string().optional(),
  primary: z.boolean().optional(),
  enableIPForwarding: z.boolean().optional(),
  /** Private IPs of the NIC's ip configurations. */
  privateIps: z.array(z.string()).optional(),
  /** ASGs the NIC's ip configurations belong to (lower-cased ids). */
  applicationSecurityGroups: z.array(z.string()).optional(),
  /** NSG on the NIC: lower-cased id; null = known none. */
  nsgId: z.string().nullable().optional(),
  subnet: z
    .object({
      id: z.string(),
      name: z.string().optional(),
      vnetName: z.string().optional(),
      resourceGroup: z.string().optional(),
      /** NSG on the subnet: lower-cased id; null = known none; absent = subnet not seen. */
      nsgId: z.string().nullable().optional(),
    })
    .optional(),
  /** ip configurations (name + public IP reference) for the no-public-ip fix. */
  ipConfigurations: z
    .array(z.object({ id: z.string(), ipConfigName: z.string().optional(), publicIpId: z.string().nullable().optional() }))
    .optional(),
  /** Public IPs referenced by the NIC's ip configurations; [] = known none. */
  publicIps: z.array(AzurePublicIp).optional(),
});
export type AzureNic = z.infer<typeof AzureNic>;

export const AzureDisk = z.object({
  id: z.string(),
  /** Named for the fix templates ({diskName}, {diskResourceGroup}), which take an item's fields. */
  diskName: z.string().optional(),
  diskResourceGroup: z.string().optional(),
  /** os | data */
  role: z.string().optional(),
  lun: z.number().optional(),
  /** false = unmanaged (a `vhd.uri` page blob). */
  managed: z.boolean().optional(),
  vhdUri: z.string().nullable().optional(),
  /** EncryptionAtRestWithPlatformKey | …WithCustomerKey | …WithPlatformAndCustomerKeys. */
  encryptionType: z.string().optional(),
  diskEncryptionSetId: z.string().nullable().optional(),
  networkAccessPolicy: z.string().optional(),
  publicNetworkAccess: z.string().optional(),
});
export type AzureDisk = z.infer<typeof AzureDisk>;

const PatchSettings = z.object({ patchMode: z.string().optional(), assessmentMode: z.string().optional() });

export const AzureVmSection = z.object({
  /** Lower-cased ARM id. */
  id: z.string().optional(),
  name: z.string().optional(),
  resourceGroup: z.string().optional(),
  subscription: z.string().optional(),
  location: z.string().optional(),
  /** "VM running", "VM deallocated", … (`az vm show -d` / instance view). */
  powerState: z.string().optional(),
  /** Linux | Windows */
  osType: z.string().optional(),
  vmSize: z.string().optional(),
  /** V1 | V2 */
  hyperVGeneration: z.string().optional(),
  securityProfile: z
    .object({
      /** Standard | TrustedLaunch | ConfidentialVM (absent in the VM JSON ⇒ Standard). */
      securityType: z.string().optional(),
      uefiSettings: z.object({ secureBootEnabled: z.boolean().optional(), vTpmEnabled: z.boolean().optional() }).optional(),
      encryptionAtHost: z.boolean().optional(),
    })
    .optional(),
  /** null = the VM JSON has no osProfile (specialized disk). */
  osProfile: z
    .object({
      adminUsername: z.string().optional(),
      /** null = not a Linux configuration. */
      linuxConfiguration: z
        .object({ disablePasswordAuthentication: z.boolean().optional(), patchSettings: PatchSettings.optional() })
        .nullable()
        .optional(),
      windowsConfiguration: z
        .object({ enableAutomaticUpdates: z.boolean().optional(), patchSettings: PatchSettings.optional() })
        .nullable()
        .optional(),
    })
    .nullable()
    .optional(),
  bootDiagnosticsEnabled: z.boolean().optional(),
  /** Raw (base64) user data; null = none. Needs `--include-user-data` / `$expand=userData`. */
  userData: z.string().nullable().optional(),
  /** Azure Disk Encryption on (`osDisk.encryptionSettings.enabled` or an AzureDiskEncryption* extension). */
  azureDiskEncryption: z.boolean().optional(),
  /** VM extensions (`resources[]`); absent = not given. */
  extensions: z
    .array(
      z.object({
        id: z.string(),
        name: z.string().optional(),
        publisher: z.string().optional(),
        type: z.string().optional(),
        provisioningState: z.string().optional(),
      }),
    )
    .optional(),
  /** OS disk first, then data disks. */
  disks: z.array(AzureDisk).optional(),
  nics: z.array(AzureNic).optional(),
  /** `az vm show -d` publicIps, split; [] = known none. */
  publicIps: z.array(z.string()).optional(),
  /** NSGs on the NICs and their subnets (plus a stand-in per NIC with none at all, S37). */
  nsgs: z.array(AzureNsg).optional(),
});
export type AzureVmSection = z.infer<typeof AzureVmSection>;
