/** schemaHasPath: does a CEL field path exist in a zod 4 schema? */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { compileRule } from '../../../src/engine/compile';
import { elementFields, schemaHasPath, schemaPathProblem } from '../../../src/engine/schema-paths';
import { ResourceSnapshot, VmSnapshot } from '../../../src/model/snapshot';

describe('schemaHasPath on the snapshot schema', () => {
  it.each([
    'vm.aws.metadataOptions.httpTokens',
    'resource.aws.metadataOptions.httpPutResponseHopLimit',
    'vm.aws.securityGroups[].inbound[].source',
    'vm.aws.securityGroups[].inbound',
    'vm.aws.securityGroups[].inbound[].ports[]',
    'vm.aws.volumes[].encrypted',
    'vm.aws.networkInterfaces[].publicIp',
    'vm.hasPublicAddress',
    'vm.kind',
    'vm.tags',
    'vm.tags.Name',
    'vm.tags.aws:autoscaling:groupName',
    'vm.tags.kubernetes.io/cluster/prod',
    'vm.tags[]',
    // A string-valued map: whatever follows is the key (`vm.tags["Name.length"]`).
    'vm.tags.Name.length',
    'vm.sources.aws',
    'now',
    'config.stoppedMaxDays',
    'config.restartMaxDays',
  ])('%s exists', (path) => {
    expect(schemaPathProblem(ResourceSnapshot, path)).toBeNull();
    expect(schemaHasPath(ResourceSnapshot, path)).toBe(true);
  });

  it.each([
    ['vm.aws.metadataOption.httpTokens', /vm\.aws has no field "metadataOption" \(fields: instanceId, /],
    ['vm.aws.metadataOptions.httpToken', /vm\.aws\.metadataOptions has no field "httpToken"/],
    ['vm.aws.volumes.encrypted', /vm\.aws\.volumes is an array: it has no field "encrypted"/],
    ['vm.aws.instanceId[]', /vm\.aws\.instanceId is a string, not a list/],
    ['vm.aws.securityGroups[].inbound[].cidr', /vm\.aws\.securityGroups\[\]\.inbound\[\] has no field "cidr"/],
    ['vm.aws.publicIpv4Addresses[].ip', /vm\.aws\.publicIpv4Addresses\[\] is a string: it has no field "ip"/],
    ['vm[]', /vm is one resource, not a list/],
    ['now.year', /now is a time string/],
    ['config.stoppedMaxDay', /config has no setting "stoppedMaxDay" \(settings: stoppedMaxDays, restartMaxDays\)/],
    ['config', /config\.<key> is a single setting/],
    ['item.encrypted', /item is only bound when the rule has items/],
    ['vn.aws.state', /"vn" is not a context variable/],
  ])('%s does not exist', (path, why) => {
    expect(schemaHasPath(ResourceSnapshot, path)).toBe(false);
    expect(schemaPathProblem(ResourceSnapshot, path)).toMatch(why);
  });

  it('VmSnapshot directly works as well as the kind union', () => {
    expect(schemaHasPath(VmSnapshot, 'vm.aws.state')).toBe(true);
    expect(schemaHasPath(VmSnapshot, 'vm.gcp.state')).toBe(false);
  });

  it('catches a typo in a compiled rule', () => {
    const c = compileRule(
      {
        id: 'aws-ec2-typo',
        provider: 'aws',
        title: 'Instance metadata requires tokens',
        severity: 'high',
        category: 'access-control',
        rationale: 'A rule with a typo in a field name, for the meta-test.',
        references: [],
        check: 'vm.aws.metadataOptions.httpTokens == "required" || vm.aws.metadataOptons.httpEndpoint == "disabled"',
        fix: { cli: [{ run: 'aws ec2 x' }] },
        examples: { pass: [{ name: 'p', resource: {} }], fail: [{ name: 'f', resource: {} }], unknown: [{ name: 'u', resource: {} }] },
      },
      'test:typo',
    );
    expect(c.readPaths.filter((p) => !schemaHasPath(ResourceSnapshot, p))).toEqual(['vm.aws.metadataOptons.httpEndpoint']);
  });
});

describe('schemaHasPath on other zod shapes', () => {
  const Leaf = z.object({ name: z.string(), size: z.number().optional() });
  const Schema = z.discriminatedUnion('kind', [
    z.object({
      kind: z.literal('a'),
      maybe: Leaf.nullable().optional(),
      defaulted: z.array(Leaf).default([]),
      byName: z.record(z.string(), Leaf),
      lazy: z.lazy(() => Leaf),
      readonly: z.array(Leaf).readonly(),
      piped: z.string().pipe(z.string().min(1)),
      open: z.unknown(),
    }),
    z.object({ kind: z.literal('b'), onlyInB: z.object({ deep: z.union([Leaf, z.object({ other: z.boolean() })]) }) }),
  ]);

  it.each([
    'vm.maybe.name',
    'vm.defaulted[].size',
    'vm.byName.anyKey.name',
    'vm.byName[]',
    'vm.lazy.size',
    'vm.readonly[].name',
    'vm.piped',
    'vm.open.whatever.below',
    'vm.onlyInB.deep.name',
    'vm.onlyInB.deep.other',
  ])('%s exists', (path) => {
    expect(schemaPathProblem(Schema, path)).toBeNull();
  });

  it.each(['vm.maybe.nope', 'vm.defaulted.name', 'vm.byName.k.nope', 'vm.onlyInB.deep.neither', 'vm.piped.x'])('%s does not', (path) => {
    expect(schemaHasPath(Schema, path)).toBe(false);
  });
});

describe('elementFields', () => {
  it('lists the string and number fields of an item, but id', () => {
    expect(elementFields(ResourceSnapshot, 'vm.aws.securityGroups[].inbound[]')).toEqual([
      'description',
      'groupId',
      'groupName',
      'protocol',
      'securityGroupRuleId',
      'source',
    ]);
    expect(elementFields(ResourceSnapshot, 'vm.aws.volumes[]')).toContain('volumeId');
    expect(elementFields(ResourceSnapshot, 'vm.aws.volumes[]')).not.toContain('encrypted');
    expect(elementFields(ResourceSnapshot, 'vm.aws.networkInterfaces[]')).toEqual(
      expect.arrayContaining(['networkInterfaceId', 'attachmentId', 'deviceIndex', 'eipAssociationId']),
    );
  });
  it('is empty for a path that is not a list of objects', () => {
    expect(elementFields(ResourceSnapshot, 'vm.aws.publicIpv4Addresses[]')).toEqual([]);
    expect(elementFields(ResourceSnapshot, 'item.x')).toEqual([]);
  });
});
