/** The CLI's view of Azure documents (registered in src/cli/providers.ts). */
import type { ProviderAdapter } from '../../cli/providers';
import { azureResourceIds, detectAzureShape, normaliseAzure, parseArmId } from './normalise';

const q = (s: string | undefined) => (s && /^[\w.-]+$/.test(s) ? s : `'${String(s ?? '').replace(/'/g, `'\\''`)}'`);

export const azureAdapter: ProviderAdapter = {
  provider: 'azure',
  detect: detectAzureShape,
  expected:
    'the JSON output of an az command such as az vm show [-d] [--include-user-data], az network nic show, ' +
    'az network nsg show, az network vnet subnet show, az network public-ip show or az disk show (or an ARM batch response)',
  normalise: (inputs) => normaliseAzure(inputs.map(({ file, doc }) => ({ file, doc }))),
  joinNotes(inputs, resources) {
    if (resources.length === 0) return [];
    const used = new Set<string>();
    for (const r of resources) {
      const a = r.azure ?? {};
      for (const n of a.nics ?? []) {
        used.add(n.id);
        if (n.subnet) used.add(n.subnet.id);
        for (const p of n.publicIps ?? []) used.add(p.id);
      }
      for (const g of a.nsgs ?? []) used.add(g.id);
      for (const d of a.disks ?? []) used.add(d.id);
    }
    const notes: string[] = [];
    for (const { file, doc, shape } of inputs) {
      if (shape === 'vm') continue;
      const loose = azureResourceIds(doc).filter((r) => !used.has(r.id));
      if (loose.length) notes.push(`${file}: ${loose.map((r) => r.id).slice(0, 4).join(', ')}${loose.length > 4 ? ', …' : ''} ${loose.length === 1 ? 'belongs' : 'belong'} to no VM given; not used`);
    }
    return notes;
  },
  dataHint(f, r) {
    if (f.status !== 'unknown' || r.provider !== 'azure') return undefined;
    const a = r.azure ?? {};
    const sub = a.subscription ? ` --subscription ${q(a.subscription)}` : '';
    if (f.ruleId.startsWith('azure-nsg-') || f.ruleId === 'azure-vm-nsg-associated' || f.ruleId === 'azure-nic-ip-forwarding-disabled') {
      const nic = (a.nics ?? []).find((n) => n.nsgId === undefined);
      if (nic) return `az network nic show --ids ${q(nic.id)}`;
      const subnet = (a.nics ?? []).find((n) => n.subnet && n.subnet.nsgId === undefined)?.subnet;
      if (subnet) return `az network vnet subnet show --ids ${q(subnet.id)}`;
      const nsg = (a.nsgs ?? []).find((g) => !g.rules);
      if (nsg) return `az network nsg show --ids ${q(nsg.id)}`;
      const pip = (a.nics ?? []).flatMap((n) => n.publicIps ?? []).find((p) => p.sku === undefined);
      if (pip) return `az network public-ip show --ids ${q(pip.id)}`;
    }
    if (f.ruleId.startsWith('azure-disk-')) {
      const disk = (a.disks ?? []).find((d) => d.networkAccessPolicy === undefined && d.managed);
      if (disk) return `az disk show --ids ${q(disk.id)}`;
    }
    if (f.ruleId === 'azure-vm-user-data-no-secrets') {
      const p = parseArmId(a.id ?? r.id);
      return `az vm show -g ${q(p.resourceGroup)} -n ${q(p.name)}${sub} --include-user-data`;
    }
    return undefined;
  },
};
