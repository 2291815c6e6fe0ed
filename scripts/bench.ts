/**
 * `npm run bench`: how fast the engine and the AWS normaliser are. Prints a table; never fails
 * (figures depend on the machine, so nothing is asserted).
 *
 *   (a) all AWS rules on one realistic VM: median over many runs, in µs
 *   (b) normalise + evaluate 10,000 generated instances with their security groups and volumes
 *       (describe-instances / describe-security-groups / describe-volumes JSON built in memory)
 *   (c) peak RSS and heap growth during (b)
 *   (d) sizes of the built content script and of the whole extension (from dist/)
 *
 * `--only=a` or `--only=b` runs one part (with `node --cpu-prof --import tsx scripts/bench.ts
 * --only=b`, a profile of that part alone).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runInNewContext } from 'node:vm';
import { gzipSync } from 'node:zlib';
import { setFlagsFromString } from 'node:v8';
import { evaluateResource } from '../src/engine/evaluate';
import { loadRulesFromDir } from '../src/engine/load-rules-fs';
import { normaliseAws } from '../src/providers/aws/normalise';

setFlagsFromString('--expose-gc');
const gc: () => void = (() => {
  try {
    return runInNewContext('gc') as () => void;
  } catch {
    return () => {};
  }
})();

const NOW = '2025-06-01T00:00:00Z';
const INSTANCES = 10_000;
const ONE_VM_RUNS = 5_000;

// ---------------------------------------------------------------------------------------------
// A small deterministic PRNG, so every run benchmarks the same data.

let seed = 0x9e3779b9;
function rnd(): number {
  seed ^= seed << 13;
  seed ^= seed >>> 17;
  seed ^= seed << 5;
  return ((seed >>> 0) % 1_000_000) / 1_000_000;
}
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');

type Json = Record<string, unknown>;

const ZONES = ['us-east-1a', 'us-east-1b', 'us-west-2a', 'eu-west-1c', 'ap-southeast-2b'];

/** Inbound permissions an SG may hold: open and closed, IPv4 and IPv6, references, ranges. */
const PERMISSIONS: Json[] = [
  { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '0.0.0.0/0' }] },
  { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '203.0.113.0/24', Description: 'office' }] },
  { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '0.0.0.0/0' }], Ipv6Ranges: [{ CidrIpv6: '::/0' }] },
  { IpProtocol: 'tcp', FromPort: 80, ToPort: 80, IpRanges: [{ CidrIp: '0.0.0.0/0' }] },
  { IpProtocol: 'tcp', FromPort: 3306, ToPort: 3306, IpRanges: [{ CidrIp: '10.0.0.0/8' }] },
  { IpProtocol: 'tcp', FromPort: 5432, ToPort: 5432, IpRanges: [{ CidrIp: '0.0.0.0/0' }] },
  { IpProtocol: 'tcp', FromPort: 3389, ToPort: 3389, Ipv6Ranges: [{ CidrIpv6: '::/0' }] },
  { IpProtocol: '-1', UserIdGroupPairs: [{ GroupId: 'SELF', UserId: '111122223333' }] },
  { IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] },
  { IpProtocol: 'tcp', FromPort: 0, ToPort: 65535, IpRanges: [{ CidrIp: '172.16.0.0/12' }] },
  { IpProtocol: 'udp', FromPort: 161, ToPort: 161, IpRanges: [{ CidrIp: '0.0.0.0/0' }] },
  { IpProtocol: 'icmp', FromPort: -1, ToPort: -1, IpRanges: [{ CidrIp: '0.0.0.0/0' }] },
  { IpProtocol: 'tcp', FromPort: 8080, ToPort: 8090, PrefixListIds: [{ PrefixListId: 'pl-0123456789abcdef0' }] },
];

function securityGroup(i: number): Json {
  const id = `sg-${hex(i, 17)}`;
  const n = 1 + Math.floor(rnd() * 5);
  const perms = Array.from({ length: n }, () => JSON.parse(JSON.stringify(pick(PERMISSIONS)).replace(/SELF/g, id)) as Json);
  return {
    GroupId: id,
    GroupName: i % 50 === 0 ? 'default' : `app-${i}`,
    Description: 'generated',
    VpcId: `vpc-${hex(i % 20, 17)}`,
    OwnerId: '111122223333',
    IpPermissions: perms,
    IpPermissionsEgress: [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] }],
  };
}

interface Generated {
  instances: Json;
  groups: Json;
  volumes: Json;
}

function generate(count: number): Generated {
  const groupCount = Math.max(1, Math.floor(count / 20));
  const groups = Array.from({ length: groupCount }, (_, i) => securityGroup(i));
  const instances: Json[] = [];
  const volumes: Json[] = [];
  let vol = 0;
  for (let i = 0; i < count; i++) {
    const id = `i-${hex(i, 17)}`;
    const zone = pick(ZONES);
    const isPublic = rnd() < 0.4;
    const stopped = rnd() < 0.1;
    const ip = `198.51.${(i >> 8) & 255}.${i & 255}`;
    const sgs = Array.from({ length: 1 + Math.floor(rnd() * 2) }, () => {
      const g = pick(groups);
      return { GroupId: g.GroupId, GroupName: g.GroupName };
    });
    const enis = Array.from({ length: rnd() < 0.9 ? 1 : 2 }, (_, k) => ({
      NetworkInterfaceId: `eni-${hex(i * 2 + k, 17)}`,
      Attachment: { AttachmentId: `eni-attach-${hex(i * 2 + k, 17)}`, DeviceIndex: k, Status: 'attached' },
      Groups: sgs,
      Ipv6Addresses: rnd() < 0.05 ? [{ Ipv6Address: `2001:db8::${hex(i, 4)}` }] : [],
      PrivateIpAddress: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`,
      SourceDestCheck: rnd() < 0.97,
      ...(isPublic && k === 0 && !stopped ? { Association: { IpOwnerId: rnd() < 0.7 ? 'amazon' : '111122223333', PublicIp: ip } } : {}),
    }));
    const mappings = Array.from({ length: 1 + Math.floor(rnd() * 3) }, (_, k) => {
      const volumeId = `vol-${hex(vol++, 17)}`;
      const device = k === 0 ? '/dev/xvda' : `/dev/sd${String.fromCharCode(102 + k)}`;
      volumes.push({
        VolumeId: volumeId,
        AvailabilityZone: zone,
        Encrypted: rnd() < 0.8,
        ...(rnd() < 0.8 ? { KmsKeyId: `arn:aws:kms:us-east-1:111122223333:key/${hex(vol, 8)}` } : {}),
        State: 'in-use',
        Size: 8 + Math.floor(rnd() * 500),
        VolumeType: 'gp3',
        Attachments: [{ InstanceId: id, VolumeId: volumeId, Device: device, State: 'attached', DeleteOnTermination: true }],
      });
      return { DeviceName: device, Ebs: { VolumeId: volumeId, Status: 'attached', DeleteOnTermination: true, AttachTime: '2024-01-01T00:00:00+00:00' } };
    });
    const tags = [{ Key: 'Name', Value: `vm-${i}` }];
    if (rnd() < 0.2) tags.push({ Key: 'aws:autoscaling:groupName', Value: 'asg-1' });
    if (rnd() < 0.05) tags.push({ Key: 'eks:cluster-name', Value: 'prod' });
    const tokens = rnd() < 0.6 ? 'required' : 'optional';
    instances.push({
      InstanceId: id,
      ImageId: 'ami-0abcdef1234567890',
      InstanceType: pick(['t3.micro', 'm5.large', 'c6g.xlarge']),
      LaunchTime: new Date(Date.parse(NOW) - Math.floor(rnd() * 400) * 86_400_000).toISOString(),
      Monitoring: { State: rnd() < 0.3 ? 'enabled' : 'disabled' },
      Placement: { AvailabilityZone: zone, Tenancy: 'default' },
      State: stopped ? { Code: 80, Name: 'stopped' } : { Code: 16, Name: 'running' },
      StateTransitionReason: stopped ? `User initiated (2025-0${1 + Math.floor(rnd() * 5)}-15 10:20:30 GMT)` : '',
      SubnetId: `subnet-${hex(i % 100, 17)}`,
      VpcId: `vpc-${hex(i % 20, 17)}`,
      ...(isPublic && !stopped ? { PublicIpAddress: ip } : {}),
      ...(rnd() < 0.5 ? { IamInstanceProfile: { Arn: `arn:aws:iam::111122223333:instance-profile/role-${i % 10}`, Id: 'AIPAEXAMPLE' } } : {}),
      ...(rnd() < 0.05 ? { InstanceLifecycle: 'spot' } : {}),
      BlockDeviceMappings: mappings,
      NetworkInterfaces: enis,
      SecurityGroups: sgs,
      SourceDestCheck: rnd() < 0.97,
      Tags: tags,
      VirtualizationType: rnd() < 0.01 ? 'paravirtual' : 'hvm',
      MetadataOptions: {
        State: 'applied',
        HttpTokens: tokens,
        HttpPutResponseHopLimit: rnd() < 0.8 ? 1 : 2,
        HttpEndpoint: rnd() < 0.03 ? 'disabled' : 'enabled',
        InstanceMetadataTags: 'disabled',
      },
    });
  }
  // One reservation per 4 instances, as describe-instances groups launches.
  const reservations: Json[] = [];
  for (let i = 0; i < instances.length; i += 4) reservations.push({ ReservationId: `r-${hex(i, 17)}`, OwnerId: '111122223333', Instances: instances.slice(i, i + 4) });
  return { instances: { Reservations: reservations }, groups: { SecurityGroups: groups }, volumes: { Volumes: volumes } };
}

// ---------------------------------------------------------------------------------------------

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;
const ms = (n: number) => `${n.toFixed(0)} ms`;

const only = /^--only=(a|b)$/.exec(process.argv.slice(2).find((a) => a.startsWith('--only=')) ?? '')?.[1];
const rules = loadRulesFromDir().filter((c) => c.rule.provider === 'aws');
const rows: Array<[string, string, string]> = [];
/** "yes"/"NO" against a numeric target, for the last column. */
const verdict = (value: number, limit: number) => (value <= limit ? 'met' : 'NOT met');

// (a) one realistic VM: public, two SGs with several rules, two volumes (one plain), IMDSv1.
if (only !== 'b') {
  seed = 0x1234567;
  let one = generate(1);
  let snap = normaliseAws([
    { file: 'i.json', doc: one.instances },
    { file: 'g.json', doc: one.groups },
    { file: 'v.json', doc: one.volumes },
  ])[0];
  // Make sure it is a "realistic" (public, several SG rules) VM; the generator is random.
  for (let s = 1; !(snap.hasPublicAddress && (snap.aws?.securityGroups?.[0]?.inbound?.length ?? 0) >= 3); s++) {
    seed = 0x1234567 + s * 7919;
    one = generate(1);
    snap = normaliseAws([
      { file: 'i.json', doc: one.instances },
      { file: 'g.json', doc: one.groups },
      { file: 'v.json', doc: one.volumes },
    ])[0];
  }
  for (let i = 0; i < 500; i++) evaluateResource(rules, snap, { now: NOW });
  const times: number[] = [];
  let findings = 0;
  for (let i = 0; i < ONE_VM_RUNS; i++) {
    const t0 = process.hrtime.bigint();
    findings = evaluateResource(rules, snap, { now: NOW }).length;
    times.push(Number(process.hrtime.bigint() - t0) / 1000);
  }
  const sgRules = (snap.aws?.securityGroups ?? []).reduce((n, g) => n + (g.inbound?.length ?? 0), 0);
  rows.push([
    `(a) ${rules.length} AWS rules on one VM (${sgRules} SG rules, ${snap.aws?.volumes?.length} volume(s), ${findings} findings), median of ${ONE_VM_RUNS}`,
    `${median(times).toFixed(1)} µs (p90 ${[...times].sort((x, y) => x - y)[Math.floor(times.length * 0.9)].toFixed(1)} µs)`,
    `< 100 µs: ${verdict(median(times), 100)}`,
  ]);
}

// (b) + (c) 10,000 instances.
if (only !== 'a') {
  seed = 0xc0ffee;
  const t0 = performance.now();
  const data = generate(INSTANCES);
  const texts = [data.instances, data.groups, data.volumes].map((d) => JSON.stringify(d));
  const genMs = performance.now() - t0;
  const totalBytes = texts.reduce((n, t) => n + t.length, 0);

  const runOnce = () => {
    const p0 = performance.now();
    const docs = texts.map((t) => JSON.parse(t) as unknown);
    const p1 = performance.now();
    const snaps = normaliseAws(docs.map((doc, i) => ({ file: `f${i}.json`, doc })));
    const p2 = performance.now();
    let findings = 0;
    let failing = 0;
    for (const s of snaps) {
      for (const f of evaluateResource(rules, s, { now: NOW })) {
        findings++;
        if (f.status === 'fail') failing++;
      }
    }
    const p3 = performance.now();
    return { parse: p1 - p0, normalise: p2 - p1, evaluate: p3 - p2, vms: snaps.length, findings, failing };
  };

  gc();
  const rssBefore = process.memoryUsage().rss;
  const heapBefore = process.memoryUsage().heapUsed;
  // First run: memory. Peak RSS is the process's lifetime maximum (it includes the generator's).
  let peakHeap = heapBefore;
  const first = (() => {
    const p0 = performance.now();
    const docs = texts.map((t) => JSON.parse(t) as unknown);
    const p1 = performance.now();
    peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
    const snaps = normaliseAws(docs.map((doc, i) => ({ file: `f${i}.json`, doc })));
    const p2 = performance.now();
    peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
    const all = snaps.map((s) => evaluateResource(rules, s, { now: NOW }));
    const p3 = performance.now();
    peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
    const findings = all.reduce((n, fs) => n + fs.length, 0);
    const failing = all.reduce((n, fs) => n + fs.filter((f) => f.status === 'fail').length, 0);
    return { parse: p1 - p0, normalise: p2 - p1, evaluate: p3 - p2, vms: snaps.length, findings, failing };
  })();
  const peakRssKiB = process.resourceUsage().maxRSS;
  // Two more runs for a median, unless one run already takes long.
  const runs = first.normalise + first.evaluate < 3000 ? [first, runOnce(), runOnce()] : [first];
  const med = (k: 'parse' | 'normalise' | 'evaluate') => median(runs.map((r) => r[k]));
  const volumes = (data.volumes.Volumes as unknown[]).length;
  const groups = (data.groups.SecurityGroups as unknown[]).length;

  rows.push([`(b) input: ${first.vms} instances, ${groups} SGs, ${volumes} volumes (${mib(totalBytes)} of JSON; generated in ${ms(genMs)}, not counted)`, '', '']);
  rows.push([`    JSON.parse of the three documents (median of ${runs.length} run${runs.length > 1 ? 's' : ''})`, ms(med('parse')), '']);
  rows.push(['    normalise (join instances with SGs and volumes)', ms(med('normalise')), '']);
  rows.push([`    evaluate (${first.findings} findings, ${first.failing} failing)`, ms(med('evaluate')), '']);
  const both = med('normalise') + med('evaluate');
  rows.push(['    normalise + evaluate', ms(both), `≈ 1000 ms: ${verdict(both, 1500)}`]);
  // The median hides the first run, which also warms up the JIT and grows the heap (a CLI scan is one such run).
  rows.push(['    first run alone: normalise / evaluate', `${ms(first.normalise)} / ${ms(first.evaluate)}`, '(no target)']);
  rows.push(['(c) peak RSS of the process / RSS before (b)', `${mib(peakRssKiB * 1024)} / ${mib(rssBefore)}`, '']);
  rows.push(['    peak RSS growth during (b)', mib(Math.max(0, peakRssKiB * 1024 - rssBefore)), '(no target)']);
  rows.push(['    heap growth during (b) (snapshots + findings retained)', mib(peakHeap - heapBefore), '']);
}

// (d) What the browser loads: the built content script (its loader and the chunks it imports) and
// the whole extension, from dist/ as `npm run build` leaves it.
{
  const dist = fileURLToPath(new URL('../dist/', import.meta.url));
  const manifestPath = join(dist, 'manifest.json');
  if (!existsSync(manifestPath)) {
    rows.push(['(d) sizes: dist/ not built (run `npm run build` first)', '', '']);
  } else {
    const kib = (n: number) => `${(n / 1024).toFixed(1)} KiB`;
    const sizeOf = (rel: string) => {
      const buf = readFileSync(join(dist, rel));
      return { raw: buf.length, gz: gzipSync(buf).length };
    };
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as {
      content_scripts: Array<{ js: string[] }>;
      web_accessible_resources?: Array<{ resources: string[] }>;
    };
    // The loader imports the chunks listed as web-accessible for the content script.
    const files = new Set<string>([...manifest.content_scripts.flatMap((c) => c.js), ...(manifest.web_accessible_resources ?? []).flatMap((w) => w.resources)]);
    let raw = 0;
    let gz = 0;
    for (const f of files) {
      const s = sizeOf(f);
      raw += s.raw;
      gz += s.gz;
    }
    rows.push([`(d) content script: loader + ${files.size - 1} chunks it imports (bytes / gzip)`, `${kib(raw)} / ${kib(gz)}`, '(no target)']);
    let all = 0;
    const walk = (d: string) => {
      for (const name of readdirSync(d)) {
        const p = join(d, name);
        if (statSync(p).isDirectory()) walk(p);
        else all += statSync(p).size;
      }
    };
    walk(dist);
    rows.push(['    whole extension (dist/)', kib(all), '(no target)']);
  }
}

const w0 = Math.max(...rows.map((r) => r[0].length));
const w1 = Math.max(...rows.map((r) => r[1].length), 'figure'.length);
const line = (a: string, b: string, c: string) => `${a.padEnd(w0)}  ${b.padStart(w1)}  ${c}`;
console.log(`vmlint bench (node ${process.version}, ${process.platform}/${process.arch})\n`);
console.log(line('measure', 'figure', 'target'));
console.log(line('-'.repeat(w0), '-'.repeat(w1), '-'.repeat(10)));
for (const [a, b, c] of rows) console.log(line(a, b, c));
