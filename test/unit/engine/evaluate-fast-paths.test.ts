/**
 * The engine's shortcuts give exactly what the plain computation gives. Each shortcut (bench:
 * `npm run bench`) is checked against a straightforward reference written here:
 *
 * - evidence paths and sources of failing items (items found once per resource, sources looked up
 *   by a list's part once, a path's keys worked out once) against the original walk and lookup, on
 *   snapshots whose ids and source keys hold `.`, `[` and `]`;
 * - `sourceKeysOf` against the regular-expression definition;
 * - `items` and `complete` evaluated once per resource for rules that share them, against each
 *   rule evaluated alone;
 * - fix templates reading the item's fields on demand, against the merged copy of the values;
 * - remembered exposes() answers against exposesPortSet.
 */
import { describe, expect, it } from 'vitest';
import { celEnvironment } from '../../../src/engine/cel-env';
import { compileRule, type CompiledRule } from '../../../src/engine/compile';
import { evaluateResource, sourceKeysOf } from '../../../src/engine/evaluate';
import { exposesPortSet, PORT_SET_NAMES } from '../../../src/engine/functions/port-sets';
import { renderFix, type TemplateVars } from '../../../src/engine/render-fix';
import type { Evidence } from '../../../src/model/finding';
import { SENSITIVE_PATHS, type ResourceSnapshot } from '../../../src/model/snapshot';
import { awsScope } from '../../../src/providers/aws/template-vars';

const NOW = '2026-12-03T00:00:00Z';
const EX = { pass: [{ name: 'p', resource: {} }], fail: [{ name: 'f', resource: {} }], unknown: [{ name: 'u', resource: {} }] };

function rule(fields: Record<string, unknown>, id = 'aws-test-fast'): CompiledRule {
  return compileRule(
    {
      id,
      provider: 'aws',
      title: 'Test rule holds',
      severity: 'medium',
      category: 'access-control',
      rationale: 'A rule written inline for the engine tests.',
      references: [],
      fix: { cli: [{ run: 'aws ec2 revoke --group-id {groupId} --rule {securityGroupRuleId} --instance {instanceId}' }] },
      examples: EX,
      ...fields,
    },
    `test:${id}`,
  );
}

function lcg(seed: number) {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    return s / 0x7fffffff;
  };
}

// ---------------------------------------------------------------------------------------------
// References: the evidence code as it was before the shortcuts.

function lookupSourceRef(sources: Record<string, string>, displayPath: string): string | undefined {
  let p = displayPath;
  while (p) {
    if (Object.prototype.hasOwnProperty.call(sources, p)) return sources[p];
    const plain = p.replace(/\[[^\]]*\]/g, '');
    if (plain !== p && Object.prototype.hasOwnProperty.call(sources, plain)) return sources[plain];
    const m = /(\.[^.[\]]*|\[[^\]]*\])$/.exec(p);
    if (!m) return undefined;
    p = p.slice(0, m.index);
  }
  return undefined;
}

function sourceKeysRef(displayPath: string): string[] {
  const out: string[] = [];
  let p = displayPath;
  while (p) {
    out.push(p);
    const plain = p.replace(/\[[^\]]*\]/g, '');
    if (plain !== p) out.push(plain);
    const m = /(\.[^.[\]]*|\[[^\]]*\])$/.exec(p);
    if (!m) break;
    p = p.slice(0, m.index);
  }
  return out;
}

function itemIdRef(value: unknown, index: number): string {
  const id = (value as { id?: unknown } | null)?.id;
  return typeof id === 'string' && id ? id : `#${index}`;
}

function locateItemRef(root: unknown, elementPath: string, target: unknown): string | null {
  const segs = elementPath.split('.');
  const go = (cur: unknown, i: number, shown: string): string | null => {
    if (cur === target && i === segs.length) return shown;
    if (i >= segs.length || cur === null || typeof cur !== 'object') return null;
    const seg = segs[i];
    const name = seg.replace(/(\[\])+$/, '');
    const each = (seg.length - name.length) / 2;
    let vals: Array<{ v: unknown; s: string }> = [{ v: (cur as Record<string, unknown>)[name], s: `${shown}.${name}` }];
    for (let k = 0; k < each; k++) {
      vals = vals.flatMap(({ v, s }) => (Array.isArray(v) ? v.map((el, idx) => ({ v: el as unknown, s: `${s}[${itemIdRef(el, idx)}]` })) : []));
    }
    for (const { v, s } of vals) {
      const found = go(v, i + 1, s);
      if (found) return found;
    }
    return null;
  };
  const [head, ...rest] = segs;
  if (rest.length === 0 || /\[\]$/.test(head)) return null;
  return go((root as Record<string, unknown>)[head], 1, head);
}

function readPathRef(root: unknown, segments: string[]): unknown {
  let cur: unknown = root;
  for (let i = 0; i < segments.length; i++) {
    const seg = segments[i];
    if (cur === undefined || cur === null) return undefined;
    if (seg.endsWith('[]')) {
      const key = seg.slice(0, -2);
      const list = key ? (cur as Record<string, unknown>)[key] : cur;
      if (!Array.isArray(list)) return undefined;
      const rest = segments.slice(i + 1);
      return list.slice(0, 12).map((el) => readPathRef(el, rest)).flat();
    }
    cur = (cur as Record<string, unknown>)[seg];
  }
  return cur;
}

function evidenceRef(c: CompiledRule, resource: ResourceSnapshot, item: { id: string; value: unknown } | undefined): Evidence[] {
  const ctx: Record<string, unknown> = { vm: resource, resource, now: NOW, config: { stoppedMaxDays: 30, restartMaxDays: 180 } };
  if (item) ctx.item = item.value;
  const out: Evidence[] = [];
  const prefix = c.itemPath;
  let itemAt: string | undefined;
  for (const path of c.paths) {
    const shown = path.replace(/^(vm|resource)\./, '');
    let value: unknown;
    let display: string;
    if (prefix && path.startsWith(`${prefix}.`)) {
      if (!item) continue;
      const rest = path.slice(prefix.length + 1);
      value = readPathRef(item.value, rest.split('.'));
      itemAt ??= (locateItemRef(ctx, prefix, item.value) ?? `${prefix.slice(0, -2)}[${item.id}]`).replace(/^(vm|resource)\./, '');
      display = `${itemAt}.${rest}`;
    } else {
      value = readPathRef(ctx, path.split('.'));
      display = shown;
    }
    if (value === undefined) continue;
    const plain = display.replace(/\[[^\]]*\]/g, '');
    const sensitive = SENSITIVE_PATHS.some((s) => plain === s || plain.startsWith(`${s}.`));
    const ev: Evidence = { path: display, value: sensitive && value !== null ? `(${String(value).length} characters, not shown)` : value };
    const src = resource.sources ? lookupSourceRef(resource.sources, display) : undefined;
    if (src) ev.source = src;
    out.push(ev);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------

describe('sourceKeysOf', () => {
  it('matches the regular-expression definition on random paths of ".", "[", "]" and letters', () => {
    const rnd = lcg(7);
    const alphabet = ['a', 'b', '.', '[', ']', 'x', '.', '[', ']', '/', '0'];
    for (let i = 0; i < 50_000; i++) {
      const p = Array.from({ length: Math.floor(rnd() * 14) }, () => alphabet[Math.floor(rnd() * alphabet.length)]).join('');
      expect(sourceKeysOf(p), JSON.stringify(p)).toEqual(sourceKeysRef(p));
    }
  });
});

describe('evidence of failing items: paths and sources as the plain walk and lookup give them', () => {
  const nested = rule({
    items: 'flatten(vm.aws.securityGroups.filter(g, has(g.inbound)).map(g, g.inbound))',
    check: 'item.source != "bad"',
  });
  const flat = rule({ items: 'vm.aws.volumes', check: 'item.encrypted == true' }, 'aws-test-fast-volumes');
  const ids = ['sg-1', 'sg.2', 'sg[3', 'sg]4', 'a[b]', '', 'x.y[z]', 'q]r[s'];
  const ruleIds = ['r-1', 'r.2', 'r[3', 'r]4', '[5]', '', 'x[y'];

  function snapshot(rnd: () => number): ResourceSnapshot {
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)];
    const groups = Array.from({ length: 1 + Math.floor(rnd() * 3) }, () => {
      const groupId = pick(ids);
      const g: Record<string, unknown> = { id: groupId, groupId };
      if (rnd() < 0.85) {
        g.inbound = Array.from({ length: Math.floor(rnd() * 4) }, () => {
          const r: Record<string, unknown> = { protocol: 'tcp', ports: ['22'], source: rnd() < 0.6 ? 'bad' : 'ok' };
          if (rnd() < 0.8) r.id = pick(ruleIds);
          return r;
        });
      }
      return g;
    });
    // The same rule object twice in one group: found at its first place, for both.
    const first = (groups[0].inbound as unknown[] | undefined)?.[0];
    if (first && rnd() < 0.3) (groups[0].inbound as unknown[]).push(first);
    const volumes = Array.from({ length: Math.floor(rnd() * 3) }, () => ({ id: pick(ids).replace('sg', 'vol'), volumeId: 'v', encrypted: rnd() < 0.3 }));
    // Source keys: the paths evidence shows and their prefixes, with and without ids, and others.
    const candidates: string[] = ['aws', 'aws.securityGroups', 'aws.securityGroups.inbound', 'aws.securityGroups.inbound.source', 'aws.volumes', 'aws.volumes.encrypted', 'other'];
    for (const g of groups) {
      candidates.push(`aws.securityGroups[${g.id}]`, `aws.securityGroups[${g.id}].inbound`, `aws.securityGroups[${g.id}].inbound.source`);
      (g.inbound as Array<Record<string, unknown>> | undefined)?.forEach((r, i) => {
        const rid = typeof r.id === 'string' && r.id ? r.id : `#${i}`;
        candidates.push(`aws.securityGroups[${g.id}].inbound[${rid}]`, `aws.securityGroups[${g.id}].inbound[${rid}].source`, `aws.securityGroups[${g.id}].inbound[${rid}].source.x`);
      });
    }
    for (const v of volumes) candidates.push(`aws.volumes[${v.id}]`, `aws.volumes[${v.id}].encrypted`, `aws.volumes[${v.id}].x`);
    const sources: Record<string, string> = {};
    const n = Math.floor(rnd() * 6);
    for (let k = 0; k < n; k++) sources[pick(candidates)] = `source ${k}`;
    // Sometimes many keys (the lookup then takes its other way).
    if (rnd() < 0.1) for (let k = 0; k < 20; k++) sources[`extra.${k}`] = 'x';
    return { kind: 'vm', provider: 'aws', id: 'i-1', ...(rnd() < 0.9 ? { sources } : {}), aws: { securityGroups: groups, volumes } } as unknown as ResourceSnapshot;
  }

  it('on random snapshots (odd ids, sources at every level)', () => {
    const rnd = lcg(11);
    let failing = 0;
    let withSource = 0;
    for (let i = 0; i < 3_000; i++) {
      const snap = snapshot(rnd);
      const findings = evaluateResource([nested, flat, nested], snap, { now: NOW });
      const groups = snap.aws!.securityGroups!;
      const rules: Array<[CompiledRule, unknown[], (x: any) => boolean]> = [
        [nested, groups.filter((g) => g.inbound).flatMap((g) => g.inbound!), (x) => x.source === 'bad'],
        [flat, snap.aws!.volumes!, (x) => x.encrypted !== true],
        [nested, groups.filter((g) => g.inbound).flatMap((g) => g.inbound!), (x) => x.source === 'bad'],
      ];
      // Fail findings come per rule, in list order: the items the reference explains.
      const want = rules.flatMap(([c, list, fails]) =>
        list.flatMap((value, index) => (fails(value) ? [{ ruleId: c.rule.id, item: itemIdRef(value, index), evidence: evidenceRef(c, snap, { id: itemIdRef(value, index), value }) }] : [])),
      );
      const got = findings.filter((f) => f.status === 'fail').map((f) => ({ ruleId: f.ruleId, item: f.item, evidence: f.evidence }));
      expect(got, JSON.stringify(snap.sources)).toEqual(want);
      failing += got.length;
      withSource += got.filter((f) => f.evidence.some((e) => e.source)).length;
    }
    expect(failing).toBeGreaterThan(2_000);
    expect(withSource).toBeGreaterThan(500);
  });
});

describe('items and complete are evaluated once per resource for rules that share them', () => {
  const items = 'flatten(vm.aws.securityGroups.filter(g, has(g.inbound)).map(g, g.inbound))';
  const complete = 'vm.aws.securityGroups.all(g, has(g.inbound))';
  const a = rule({ items, complete, check: 'item.source != "0.0.0.0/0"' }, 'aws-test-fast-a');
  const b = rule({ items, complete, check: 'item.protocol != "-1"' }, 'aws-test-fast-b');
  const c = rule({ items, check: 'item.source.startsWith("10.")' }, 'aws-test-fast-c');
  const snaps: ResourceSnapshot[] = [
    { kind: 'vm', provider: 'aws', id: 'i-1', aws: {} },
    { kind: 'vm', provider: 'aws', id: 'i-2', aws: { securityGroups: [{ id: 'sg-1', groupId: 'sg-1' }] } },
    {
      kind: 'vm',
      provider: 'aws',
      id: 'i-3',
      aws: {
        securityGroups: [
          { id: 'sg-1', groupId: 'sg-1', inbound: [{ id: 'r1', protocol: '-1', ports: ['*'], source: '0.0.0.0/0' }, { id: 'r2', protocol: 'tcp', ports: ['22'], source: '10.0.0.0/8' }] },
          { id: 'sg-2', groupId: 'sg-2' },
        ],
      },
    },
    { kind: 'vm', provider: 'aws', id: 'i-4', aws: { securityGroups: [{ id: 'sg-1', groupId: 'sg-1', inbound: [{ id: 'r2', protocol: 'tcp', ports: ['22'], source: '10.0.0.0/8' }] }] } },
  ];
  it('gives each rule the findings it gives alone', () => {
    for (const snap of snaps) {
      const together = evaluateResource([a, b, c, a], snap, { now: NOW });
      const alone = [a, b, c, a].flatMap((r) => evaluateResource([r], snap, { now: NOW }));
      expect(together, snap.id).toEqual(alone);
      expect(together.length).toBeGreaterThan(0);
    }
  });
});

describe('fix templates read the item fields on demand', () => {
  const fix = {
    cli: [
      { run: 'aws ec2 x --group-id {groupId} --rule {securityGroupRuleId} --port {port} --to {toString} --in {instanceId} --v {vpcId} --n {name} --i {id} --u {user.x}' },
      { note: 'note {groupId} {port} {missing} {region}' },
    ],
    console: ['Open {groupId} in {region} ({name}, {port}, {instanceId}, {id})'],
    terraform: 't',
  };
  const steps = fix.cli;
  const vars: TemplateVars = { instanceId: 'i-1', region: 'us-east-1', vpcId: undefined, groupId: 'sg-from-vars', name: 'vm name' };
  const scalars = (item: unknown): TemplateVars => {
    const out: TemplateVars = {};
    if (item && typeof item === 'object') {
      for (const [k, v] of Object.entries(item)) if (k !== 'id' && (typeof v === 'string' || typeof v === 'number')) out[k] = String(v);
    }
    return out;
  };
  const items: unknown[] = [
    undefined,
    null,
    'a string',
    { id: 'r-1', groupId: 'sg-1', securityGroupRuleId: 'sgr-1', port: 22 },
    { id: 'r-2', groupId: 'sg 2', port: '80', name: null, region: 5, vpcId: 'vpc-1' },
    { id: 'r-3', ports: ['22'], nested: { groupId: 'x' }, instanceId: true },
    ['x', 'y'],
  ];
  it('as the merged copy { ...vars, ...scalars(item) } did', () => {
    for (const item of items) {
      expect(renderFix(fix, steps, vars, awsScope, item), JSON.stringify(item)).toEqual(renderFix(fix, steps, { ...vars, ...scalars(item) }, awsScope));
    }
  });
});

describe('remembered exposes() answers', () => {
  const env = celEnvironment();
  const exposes = env.parse('exposes(item, set)') as unknown as (ctx: Record<string, unknown>) => unknown;
  const exposesPorts = env.parse('exposesPorts(p, ports, set)') as unknown as (ctx: Record<string, unknown>) => unknown;
  const protocols: unknown[] = ['tcp', 'TCP', '6', 6, 6n, '-1', -1, 'udp', 17, 'icmp', 'all', '*', 'sctp', ''];
  const portLists: unknown[] = [null, [], ['22'], [22], [22n], ['0-65535'], ['1-65535'], ['20-25'], ['3389'], [3389], ['22', '3389'], ['*'], ['abc'], '22', ['1433'], [11211], ['161']];
  it('equal exposesPortSet, asked once and again', () => {
    for (let round = 0; round < 2; round++) {
      for (const protocol of protocols) {
        for (const ports of portLists) {
          for (const set of PORT_SET_NAMES) {
            const toNum = (x: unknown) => (typeof x === 'bigint' ? Number(x) : x);
            const p = toNum(protocol) as string | number;
            const list = ports === null ? null : Array.isArray(ports) ? ports.map(toNum) : [String(ports)];
            const want = exposesPortSet(p, list as Array<string | number> | null, set);
            const item: Record<string, unknown> = { protocol, ports };
            expect(exposes({ item, set }), JSON.stringify({ protocol: String(protocol), ports: String(ports), set })).toBe(want);
            expect(exposesPorts({ p: protocol, ports, set })).toBe(want);
          }
        }
      }
    }
  });
});
