/**
 * Values GCP fix templates can use (spec §1 "Placeholders"), taken from the snapshot. Item fields
 * (firewallName, firewallProject, diskName, deviceName, metadata key, subnetworkName) come from the judged item and override
 * these.
 */
import type { ScopeFlags, TemplateVars } from '../../engine/render-fix';
import type { VmSnapshot } from '../../model/snapshot';

export const GCP_TEMPLATE_NAMES: ReadonlySet<string> = new Set([
  'vmName',
  'project',
  'zone',
  'region',
  'networkInterfaceName',
  'accessConfigName',
  'subnetworkName',
  'firewallName',
  'firewallProject',
  'diskName',
  'deviceName',
]);

export function gcpTemplateVars(vm: VmSnapshot): TemplateVars {
  const g = vm.gcp ?? {};
  const nics = g.networkInterfaces ?? [];
  // The interface the external-IP fix acts on: the first one with an access config.
  const external = nics.find((n) => (n.accessConfigs?.length ?? 0) > 0 || (n.ipv6AccessConfigs?.length ?? 0) > 0);
  const nic = external ?? nics[0];
  const boot = (g.disks ?? []).find((d) => d.boot) ?? (g.disks?.length === 1 ? g.disks[0] : undefined);
  return {
    vmName: g.name ?? vm.name,
    project: g.project,
    zone: g.zone ?? vm.zone,
    region: g.region ?? vm.region,
    networkInterfaceName: nic?.name,
    accessConfigName: nic?.accessConfigs?.[0]?.name,
    subnetworkName: nic?.subnetworkName,
    // A firewall rule lives in the project of its network (the Shared VPC host); the item's own
    // firewallProject, read from the rule's selfLink, overrides this.
    firewallProject: /^projects\/([^/]+)\//.exec(nic?.network ?? '')?.[1] ?? g.project,
    diskName: boot?.diskName,
    deviceName: boot?.deviceName,
  };
}

/** gcloud commands that take a zone (instances, disks) or a region (subnets); snapshots are global. */
function scopeFlagFor(command: string): string | null {
  if (/^gcloud\s+compute\s+(instances|disks)\s/.test(command)) return '--zone {zone}';
  if (/^gcloud\s+compute\s+networks\s+subnets\s/.test(command)) return '--region {region}';
  return null;
}

/**
 * Spec §1: templates omit scope flags; every `gcloud …` command gets `--project {project}` unless
 * it names one, plus `--zone {zone}` (instances, disks) or `--region {region}` (subnets).
 */
export const gcpScope: ScopeFlags = {
  known: GCP_TEMPLATE_NAMES,
  addScope: (command) => {
    if (!/^gcloud\s/.test(command)) return command;
    let out = command;
    if (!/\s--project(\s|=)/.test(out)) out += ' --project {project}';
    const flag = scopeFlagFor(out);
    if (flag) {
      const name = flag.split(' ')[0];
      if (!new RegExp(`\\s${name}(\\s|=)`).test(out)) out += ` ${flag}`;
    }
    return out;
  },
};
