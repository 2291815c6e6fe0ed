/**
 * `--format sarif` (validated against the SARIF 2.1.0 schema), `--format markdown`, and the options
 * `--min-severity`, `--fail-on`, `--disable`, `--rules`, all in-process through run().
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv-draft-04';
import { afterAll, describe, expect, it } from 'vitest';
import { HELP, parseArgs } from '../../../src/cli/args';
import { cell, code } from '../../../src/cli/format-markdown';
import { fingerprint, sarifLevel } from '../../../src/cli/format-sarif';
import { run } from '../../../src/cli/main';
import { BUNDLED_RULES_DIR } from '../../../src/engine/load-rules-fs';
import { REPO_ROOT, tempFiles } from '../../helpers/cli';
import { loadAwsSample } from '../../helpers/samples';

const NOW = '2023-11-01T00:00:00Z';

// TEST INPUT: the bastion recording, plus two minimal instances behind a group open to SSH.
const openSsh = {
  SecurityGroups: [
    {
      GroupId: 'sg-0open',
      GroupName: 'open|pipe',
      IpPermissions: [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }],
      IpPermissionsEgress: [],
    },
  ],
};
const instance = (id: string, state: string) => ({
  InstanceId: id,
  State: { Name: state },
  Placement: { AvailabilityZone: 'us-east-1a' },
  SecurityGroups: [{ GroupId: 'sg-0open', GroupName: 'open|pipe' }],
  NetworkInterfaces: [],
  Tags: [{ Key: 'Name', Value: 'web | `x`' }],
});

const dir = tempFiles({
  'bastion.json': loadAwsSample('aws/cloud-custodian/test_ec2_add_by_tag/ec2.DescribeInstances_1.json'),
  'two #1.json': { Reservations: [{ Instances: [instance('i-0run', 'running'), instance('i-0stop', 'stopped')] }] },
  'sg.json': openSsh,
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const files = ['bastion.json', 'two #1.json', 'sg.json'].map((f) => join(dir, f));

const capture = (argv: string[]) => {
  let out = '';
  let err = '';
  const code = run(argv, { stdout: (t) => (out += t), stderr: (t) => (err += t), color: false });
  return { code, out, err };
};
const scanJson = (...opts: string[]) => {
  const r = capture(['scan', '--format', 'json', '--now', NOW, ...opts, ...files]);
  expect(r.err).toBe('');
  return { code: r.code, report: JSON.parse(r.out) };
};

describe('--format sarif', () => {
  const r = capture(['scan', '--format', 'sarif', '--now', NOW, ...files]);
  const sarif = JSON.parse(r.out);
  const json = scanJson().report;

  it('is valid SARIF 2.1.0 (the official JSON schema)', () => {
    expect(r.err).toBe('');
    expect(r.code).toBe(1);
    const schema = JSON.parse(readFileSync(join(REPO_ROOT, 'test/fixtures/sarif/sarif-schema-2.1.0.json'), 'utf8'));
    const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
    // The schema's formats, checked loosely (ajv knows none without ajv-formats).
    ajv.addFormat('uri', (s: string) => /^[a-z][a-z0-9+.-]*:/i.test(s));
    ajv.addFormat('uri-reference', (s: string) => !/\s/.test(s));
    ajv.addFormat('date-time', (s: string) => !Number.isNaN(Date.parse(s)));
    const validate = ajv.compile(schema);
    const ok = validate(sarif);
    expect(validate.errors ?? [], JSON.stringify(validate.errors?.slice(0, 3))).toEqual([]);
    expect(ok).toBe(true);
    // And the schema does reject a broken log, so the check is not vacuous.
    expect(validate({ version: '2.1.0', runs: [{ tool: { driver: {} } }] })).toBe(false);
  });

  it('has one run whose driver lists every rule that ran, with severity and help', () => {
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs).toHaveLength(1);
    const driver = sarif.runs[0].tool.driver;
    expect(driver.name).toBe('vmlint');
    const ids = driver.rules.map((d: any) => d.id);
    const ran = [...new Set(json.findings.map((f: any) => f.ruleId))];
    expect([...ids].sort()).toEqual([...ran].sort());
    const imds = driver.rules.find((d: any) => d.id === 'aws-ec2-imdsv2-required');
    expect(imds).toMatchObject({
      name: 'aws-ec2-imdsv2-required',
      shortDescription: { text: expect.any(String) },
      fullDescription: { text: expect.any(String) },
      properties: { 'security-severity': '8.0', tags: expect.arrayContaining(['access-control']) },
    });
    expect(imds.help.text).toMatch(/aws ec2 modify-instance-metadata-options/);
  });

  it('reports failing findings only, with level, location and a stable fingerprint', () => {
    const failing = json.findings.filter((f: any) => f.status === 'fail');
    const results = sarif.runs[0].results;
    expect(results).toHaveLength(failing.length);
    const ssh = results.find((x: any) => x.ruleId === 'aws-sg-ssh-not-public' && x.locations[0].logicalLocations[0].name === 'i-0stop');
    expect(ssh.level).toBe('error');
    expect(ssh.locations[0].logicalLocations[0]).toMatchObject({ kind: 'resource', fullyQualifiedName: expect.stringContaining('i-0stop') });
    expect(ssh.locations[0].physicalLocation.artifactLocation.uri).toMatch(/^file:.*two%20%231\.json$/);
    const prints = results.map((x: any) => x.partialFingerprints['vmlint/v1']);
    expect(new Set(prints).size).toBe(prints.length);
    const again = JSON.parse(capture(['scan', '--format', 'sarif', '--now', NOW, ...files]).out);
    expect(again.runs[0].results.map((x: any) => x.partialFingerprints['vmlint/v1'])).toEqual(prints);
    expect(fingerprint({ ruleId: 'a-b', resourceId: 'i-1', item: 'x' })).not.toBe(fingerprint({ ruleId: 'a-b', resourceId: 'i-1' }));
    expect([sarifLevel('critical'), sarifLevel('high'), sarifLevel('medium'), sarifLevel('low'), sarifLevel('info')]).toEqual([
      'error',
      'error',
      'warning',
      'note',
      'note',
    ]);
  });
});

describe('--format markdown', () => {
  const r = capture(['scan', '--format', 'markdown', '--now', NOW, ...files]);

  it('puts a table per VM, worst VM first, worst finding first', () => {
    expect(r.code).toBe(1);
    const headings = r.out.split('\n').filter((l) => l.startsWith('### '));
    // i-0stop has a critical (open SSH, not provably private), so it comes first.
    expect(headings[0]).toMatch(/^### `i-0stop`/);
    expect(r.out).toMatch(/\| Severity \| Rule \| Not met \| Item \| First fix step \|/);
    const rows = r.out.split('\n').filter((l) => /^\| \*\*[A-Z]+\*\*/.test(l));
    expect(rows.length).toBeGreaterThan(3);
    expect(r.out).toMatch(/^## vmlint\n\n3 VMs checked: \*\*\d+ failing findings\*\*/);
    // A pipe or backtick in a name never breaks the table.
    expect(r.out).toContain('"web \\| \\`x\\`"');
  });

  it('escapes cell text and code spans', () => {
    expect(cell('a|b\n c*')).toBe('a\\|b c\\*');
    expect(code('a`b|c')).toBe('``a`b\\|c``');
  });
});

describe('--min-severity, --fail-on, --disable', () => {
  it('--fail-on sets the exit status threshold, --min-severity drops findings', () => {
    const all = scanJson();
    const worst = all.report.findings.filter((f: any) => f.status === 'fail').map((f: any) => f.severity);
    expect(worst).toContain('critical');
    expect(scanJson('--fail-on', 'critical').code).toBe(1);
    // Only the bastion (no critical) → --fail-on critical passes, --fail-on high fails.
    const bastion = join(dir, 'bastion.json');
    expect(capture(['scan', '--now', NOW, '--fail-on', 'critical', bastion]).code).toBe(0);
    expect(capture(['scan', '--now', NOW, '--fail-on', 'HIGH', bastion]).code).toBe(1);
    const high = scanJson('--min-severity', 'high');
    expect(high.report.findings.length).toBeGreaterThan(0);
    expect(high.report.findings.every((f: any) => ['critical', 'high'].includes(f.severity))).toBe(true);
    expect(capture(['scan', '--now', NOW, '--min-severity', 'critical', bastion]).code).toBe(0);
  });

  it('--disable takes current and renamed ids, and rejects unknown ones', () => {
    const has = (r: ReturnType<typeof scanJson>, id: string) => r.report.findings.some((f: any) => f.ruleId === id);
    expect(has(scanJson(), 'aws-ec2-imdsv2-required')).toBe(true);
    expect(has(scanJson('--disable', 'aws-ec2-imdsv2-required'), 'aws-ec2-imdsv2-required')).toBe(false);
    // The old id (rules/aliases.yaml) still works.
    const old = scanJson('--disable=aws-ec2-imdsv2-enabled', '--disable', 'aws-sg-ssh-not-public');
    expect(has(old, 'aws-ec2-imdsv2-required') || has(old, 'aws-sg-ssh-not-public')).toBe(false);
    const bad = capture(['scan', '--disable', 'aws-no-such-rule', ...files]);
    expect(bad.code).toBe(2);
    expect(bad.err).toBe('vmlint: --disable: unknown rule id "aws-no-such-rule" (see the rule ids in rules/ or in --format json)\n');
  });

  it('rejects bad severities', () => {
    expect(() => parseArgs(['scan', '--fail-on', 'severe', 'x'])).toThrow(/--fail-on: unknown severity "severe"/);
    expect(() => parseArgs(['scan', 'x', '--min-severity'])).toThrow(/--min-severity needs a severity/);
  });
});

describe('--rules DIR', () => {
  const extra = join(dir, 'extra');
  const bundledText = readFileSync(join(BUNDLED_RULES_DIR, 'aws/aws-ec2-imdsv2-required.yaml'), 'utf8');
  mkdirSync(join(extra, 'aws'), { recursive: true });
  writeFileSync(join(extra, 'aws/aws-org-imdsv2-required.yaml'), bundledText.replace(/^id: aws-ec2-imdsv2-required$/m, 'id: aws-org-imdsv2-required'));
  const dup = join(dir, 'dup');
  mkdirSync(join(dup, 'aws'), { recursive: true });
  writeFileSync(join(dup, 'aws/aws-ec2-imdsv2-required.yaml'), bundledText);

  it('runs the extra rules beside the bundled ones (and --disable reaches them)', () => {
    const r = scanJson('--rules', extra);
    expect(r.report.findings.some((f: any) => f.ruleId === 'aws-org-imdsv2-required' && f.status === 'fail')).toBe(true);
    expect(scanJson('--rules', extra, '--disable', 'aws-org-imdsv2-required').report.findings.some((f: any) => f.ruleId === 'aws-org-imdsv2-required')).toBe(
      false,
    );
    const sarif = JSON.parse(capture(['scan', '--format', 'sarif', '--rules', extra, ...files]).out);
    expect(sarif.runs[0].tool.driver.rules.map((d: any) => d.id)).toContain('aws-org-imdsv2-required');
  });

  it('exits 2 naming the file for a bad rule file, a duplicate id or a missing directory', () => {
    const bad = (d: string) => capture(['scan', '--rules', d, ...files]);
    const cel = bad(join(REPO_ROOT, 'test/fixtures/bad-rules/bad-cel'));
    expect(cel.code).toBe(2);
    expect(cel.out).toBe('');
    expect(cel.err).toMatch(/^vmlint: bad rule file .*aws-bad-cel\.yaml: .*bad CEL/);
    const example = bad(join(REPO_ROOT, 'test/fixtures/bad-rules/failing-example'));
    expect(example.code).toBe(2);
    expect(example.err).toMatch(/^vmlint: bad rule file .*\.yaml: examples\./);
    const inDir = join(REPO_ROOT, 'test/fixtures/bad-rules/duplicate-id');
    expect(bad(inDir).err).toBe(
      `vmlint: bad rule file ${join(inDir, 'aws/aws-duplicate-id.yml')}: duplicate rule id "aws-duplicate-id" (also in ${join(inDir, 'aws/aws-duplicate-id.yaml')})\n`,
    );
    const twice = bad(dup);
    expect(twice.code).toBe(2);
    expect(twice.err).toMatch(/aws-ec2-imdsv2-required\.yaml: duplicate rule id "aws-ec2-imdsv2-required" \(also in /);
    const missing = bad(join(dir, 'nope'));
    expect(missing).toMatchObject({ code: 2, err: `vmlint: ${join(dir, 'nope')}: no such directory (--rules)\n` });
  });
});

describe('parseArgs and --help', () => {
  it('reads the new options, repeatable ones in order', () => {
    expect(parseArgs(['scan', '--format', 'sarif', '--min-severity', 'low', '--fail-on=high', '--disable', 'a-b', '--disable=c-d', '--rules', 'r1', '--rules', 'r2', 'f'])).toEqual({
      kind: 'scan',
      format: 'sarif',
      now: undefined,
      files: ['f'],
      minSeverity: 'low',
      failOn: 'high',
      disable: ['a-b', 'c-d'],
      rulesDirs: ['r1', 'r2'],
    });
    expect(parseArgs(['scan', '-f', 'markdown', 'f'])).toMatchObject({ format: 'markdown' });
  });

  it('documents every option', () => {
    for (const o of ['--format', 'sarif', 'markdown', '--min-severity', '--fail-on', '--disable', '--rules', '--now', '--version']) {
      expect(HELP).toContain(o);
    }
  });
});
