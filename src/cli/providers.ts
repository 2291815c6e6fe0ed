/**
 * What the CLI needs from each provider: recognise a document's shape, turn the recognised
 * documents into snapshots, and explain what it could not join or judge. AWS is the only one for
 * now; GCP and Azure adapters slot into PROVIDER_ADAPTERS the same way.
 */
import type { Finding } from '../model/finding';
import type { Provider, ResourceSnapshot } from '../model/snapshot';
import { detectAwsShape, normaliseAws } from '../providers/aws/normalise';
import { gcpAdapter } from '../providers/gcp/cli-adapter';
import { azureAdapter } from '../providers/azure/cli-adapter';

export interface DetectedInput {
  file: string;
  doc: unknown;
  /** The adapter's name for the document's shape ("describe-instances"). */
  shape: string;
}

export interface ProviderAdapter {
  provider: Provider;
  /** Shape name, or null when the document is not this provider's. */
  detect(doc: unknown): string | null;
  /** What the shapes are called, for "unknown shape" messages. */
  expected: string;
  /** Every VM in the inputs, joined with the related documents. */
  normalise(inputs: DetectedInput[]): ResourceSnapshot[];
  /** Lines about documents that joined nothing ("sg-1 in sgs.json is attached to no instance given"). */
  joinNotes?(inputs: DetectedInput[], resources: ResourceSnapshot[]): string[];
  /** For an unknown verdict: which command's output would decide it. */
  dataHint?(finding: Finding, resource: ResourceSnapshot): string | undefined;
}

type Json = Record<string, any>;

const plural = (n: number, one: string) => `${n} ${n === 1 ? one : `${one}s`}`;
const list = (ids: string[], max = 4) => (ids.length <= max ? ids.join(', ') : `${ids.slice(0, max).join(', ')}, … (${ids.length} in all)`);

export const awsAdapter: ProviderAdapter = {
  provider: 'aws',
  detect: detectAwsShape,
  expected: 'the JSON output of an AWS CLI command such as aws ec2 describe-instances, describe-security-groups or describe-volumes (see vmlint --help)',
  normalise: (inputs) => normaliseAws(inputs.map(({ file, doc }) => ({ file, doc }))),
  joinNotes(inputs, resources) {
    if (resources.length === 0) return [];
    const groups = new Set<string>();
    const volumes = new Set<string>();
    for (const r of resources) {
      for (const g of r.aws?.securityGroups ?? []) groups.add(g.groupId);
      for (const v of r.aws?.volumes ?? []) volumes.add(v.volumeId);
    }
    const notes: string[] = [];
    const regions = [...new Set(resources.map((r) => r.region).filter((r): r is string => !!r))].sort();
    for (const { file, shape } of inputs) {
      if (shape === 'get-ebs-encryption-by-default' && regions.length > 1) {
        notes.push(
          `${file}: get-ebs-encryption-by-default does not name its region and the instances are in ${regions.length} regions ` +
            `(${list(regions)}); it was not used: scan each region's instances with that region's file`,
        );
      }
    }
    for (const { file, doc, shape } of inputs) {
      const d = doc as Json;
      let kind: string | undefined;
      let ids: string[] = [];
      let attached: Set<string> = groups;
      if (shape === 'describe-security-groups') {
        kind = 'security group';
        ids = (d.SecurityGroups as Json[]).map((g) => String(g?.GroupId));
      } else if (shape === 'describe-security-group-rules') {
        kind = 'security group';
        ids = [...new Set((d.SecurityGroupRules as Json[]).map((r) => String(r?.GroupId)))];
      } else if (shape === 'describe-volumes') {
        kind = 'volume';
        ids = (d.Volumes as Json[]).map((v) => String(v?.VolumeId));
        attached = volumes;
      }
      if (!kind || ids.length === 0) continue;
      const loose = ids.filter((id) => !attached.has(id));
      if (loose.length === ids.length) {
        notes.push(`${file}: none of its ${plural(ids.length, kind)} (${list(loose)}) belongs to an instance given; it was not used`);
      } else if (loose.length > 0) {
        notes.push(`${file}: ${loose.length} of its ${plural(ids.length, kind)} (${list(loose)}) belong to no instance given`);
      }
    }
    return notes;
  },
  dataHint(f, r) {
    if (f.status !== 'unknown') return undefined;
    const reason = f.reason ?? '';
    const aws = r.aws ?? {};
    const region = aws.region ? ` --region ${aws.region}` : '';
    if (f.ruleId.startsWith('aws-sg-') || /inbound|outbound|only part of the list/.test(reason)) {
      const unseen = (aws.securityGroups ?? []).filter((g) => !g.inbound || !g.outbound).map((g) => g.groupId);
      return unseen.length ? `aws ec2 describe-security-groups --group-ids ${unseen.join(' ')}${region}` : undefined;
    }
    if (/\bencrypted\b/.test(reason)) {
      const unseen = (aws.volumes ?? []).filter((v) => v.encrypted === undefined).map((v) => v.volumeId);
      return unseen.length ? `aws ec2 describe-volumes --volume-ids ${unseen.join(' ')}${region}` : undefined;
    }
    if (/ebsEncryptionByDefault/.test(reason)) return `aws ec2 get-ebs-encryption-by-default${region}`;
    for (const attribute of ['userData', 'disableApiTermination', 'sourceDestCheck']) {
      if (new RegExp(`\\b${attribute}\\b`).test(reason)) {
        return `aws ec2 describe-instance-attribute --instance-id ${r.id} --attribute ${attribute}${region}`;
      }
    }
    return undefined;
  },
};

/** Every provider the CLI reads, in detection order. */
export const PROVIDER_ADAPTERS: readonly ProviderAdapter[] = [awsAdapter, gcpAdapter, azureAdapter];
