/** The CLI's view of GCP documents (registered in src/cli/providers.ts). */
import type { ProviderAdapter } from '../../cli/providers';
import type { VmSnapshot } from '../../model/snapshot';
import { detectGcpShape, gcpJoinNotes, normaliseGcp } from './normalise';

export const gcpAdapter: ProviderAdapter = {
  provider: 'gcp',
  detect: detectGcpShape,
  expected:
    'the JSON output of a gcloud command such as gcloud compute instances describe|list, firewall-rules list, ' +
    'instances network-interfaces get-effective-firewalls, project-info describe or disks list (--format=json)',
  normalise: (inputs) => normaliseGcp(inputs.map(({ file, doc }) => ({ file, doc }))),
  joinNotes: (inputs, resources) =>
    gcpJoinNotes(
      inputs.map(({ file, doc }) => ({ file, doc })),
      resources.filter((r): r is VmSnapshot => r.kind === 'vm' && r.provider === 'gcp'),
    ),
  dataHint(f, r) {
    if (f.status !== 'unknown' || r.provider !== 'gcp') return undefined;
    const g = r.gcp ?? {};
    const project = g.project ? ` --project ${g.project}` : '';
    if (f.ruleId.startsWith('gcp-fw-')) {
      const nic = g.networkInterfaces?.[0]?.name ?? 'nic0';
      return `gcloud compute instances network-interfaces get-effective-firewalls ${g.name ?? ''} --network-interface ${nic} --zone ${g.zone ?? ''}${project} --format=json`;
    }
    if (/projectMetadataSeen/.test(f.reason ?? '')) return `gcloud compute project-info describe${project} --format=json`;
    if (f.ruleId === 'gcp-subnet-flow-logs-enabled') return `gcloud compute networks subnets list${project} --format=json`;
    return undefined;
  },
};
