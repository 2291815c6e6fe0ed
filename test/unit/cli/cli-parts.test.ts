/**
 * The CLI's parts in-process (no child processes): argument parsing, JSON error descriptions,
 * text decoding, shape detection messages, colour, and run()'s exit codes.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { parseArgs } from '../../../src/cli/args';
import { InputError, UsageError } from '../../../src/cli/errors';
import { run } from '../../../src/cli/main';
import { decodeText, describeJsonError, jsonErrorPosition, parseJsonText, resolveInputPath } from '../../../src/cli/read-input';
import { scan } from '../../../src/cli/scan';
import { loadAwsSample } from '../../helpers/samples';
import { tempFiles } from '../../helpers/cli';
import { rmSync } from 'node:fs';
import { join } from 'node:path';

const errorOf = (text: string) => {
  try {
    JSON.parse(text);
  } catch (err) {
    return describeJsonError(text, err);
  }
  throw new Error('parsed');
};

describe('parseArgs', () => {
  it('reads scan options in both spellings, and FILEs after --', () => {
    expect(parseArgs(['scan', 'a.json'])).toEqual({ kind: 'scan', format: 'text', now: undefined, files: ['a.json'], disable: [], rulesDirs: [] });
    expect(parseArgs(['scan', '--format=json', '--now', '2024-01-02', 'a', 'b'])).toEqual({
      kind: 'scan',
      format: 'json',
      now: '2024-01-02T00:00:00.000Z',
      files: ['a', 'b'],
      disable: [],
      rulesDirs: [],
    });
    expect(parseArgs(['scan', '--', '--odd-name.json', '-'])).toMatchObject({ files: ['--odd-name.json', '-'] });
    expect(parseArgs(['--help'])).toEqual({ kind: 'help' });
    expect(parseArgs(['scan', 'x', '-h'])).toEqual({ kind: 'help' });
  });

  it('rejects bad usage with one clear message', () => {
    const bad: Array<[string[], RegExp]> = [
      [[], /no command given/],
      [['lint', 'x'], /unknown command "lint"/],
      [['scan'], /no FILE given/],
      [['scan', '--format', 'xml', 'x'], /unknown format "xml"/],
      [['scan', '--format'], /--format needs a value/],
      [['scan', '--now', 'March 7', 'x'], /not an ISO time/],
      [['scan', '--now', '2024-13-45', 'x'], /not a valid time/],
      [['scan', '--verbose', 'x'], /unknown option "--verbose"/],
    ];
    for (const [argv, msg] of bad) expect(() => parseArgs(argv), argv.join(' ')).toThrow(msg);
    expect(() => parseArgs(['scan'])).toThrow(UsageError);
  });
});

describe('reading JSON', () => {
  it('names the problem and where it is', () => {
    expect(errorOf('{"a": x}')).toBe("not JSON (Unexpected token 'x' at line 1, column 7 (position 6))");
    expect(errorOf('{\n "a": [1,\n  2,\n  ]\n}')).toMatch(/^not JSON \(Unexpected token '\]' at line 4, column 3/);
    expect(errorOf('{"a": 1}\n{"b": 2}')).toMatch(/at line 2, column 1 \(position 9\); more than one JSON document/);
    expect(errorOf('{"a": tru')).toBe('not JSON (Unexpected end of JSON input at position 9: the file looks truncated)');
    expect(errorOf('{"a": "abc')).toBe('not JSON (Unterminated string at position 10: the file looks truncated)');
    expect(errorOf('{"Reservations": [\n')).toMatch(/at position 19: the file looks truncated\)$/);
  });

  it('never echoes the input or control characters', () => {
    const msg = errorOf('\u0000\u0001secret-token');
    expect(msg).not.toMatch(/secret/);
    expect(msg).not.toMatch(/[\u0000-\u001f]/);
  });

  it('finds error positions V8 does not give', () => {
    expect(jsonErrorPosition('{"a": [1, 2, x]}')).toBe(13);
    expect(jsonErrorPosition('{"a": 1}')).toBeNull();
    expect(jsonErrorPosition('[1] 2')).toBe(4);
  });

  it('empty and whitespace-only files are "empty"', () => {
    expect(() => parseJsonText('a.json', '')).toThrow(new InputError('a.json', 'empty file'));
    expect(() => parseJsonText('a.json', ' \n\t')).toThrow(/empty file \(only whitespace\)/);
  });

  it('decodes UTF-8 with or without BOM and UTF-16 with BOM (PowerShell redirects)', () => {
    expect(decodeText(Buffer.from('\ufeff{"a":1}', 'utf8'))).toBe('{"a":1}');
    expect(decodeText(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('{"a":1}', 'utf16le')]))).toBe('{"a":1}');
    const be = Buffer.from('{"a":1}', 'utf16le').swap16();
    expect(decodeText(Buffer.concat([Buffer.from([0xfe, 0xff]), be]))).toBe('{"a":1}');
  });

  it('resolves relative names against INIT_CWD only under npm run scan', () => {
    expect(resolveInputPath('a.json', { INIT_CWD: '/home/u', npm_lifecycle_event: 'scan' })).toBe('/home/u/a.json');
    expect(resolveInputPath('a.json', { INIT_CWD: '/home/u', npm_lifecycle_event: 'test' })).toBe('a.json');
    expect(resolveInputPath('/x/a.json', { INIT_CWD: '/home/u', npm_lifecycle_event: 'scan' })).toBe('/x/a.json');
  });
});

describe('scan()', () => {
  it('explains unknown shapes, with hints for recordings and other clouds', () => {
    const shape = (doc: unknown) => {
      try {
        scan([{ file: 'f.json', doc }]);
      } catch (err) {
        expect(err).toBeInstanceOf(InputError);
        return (err as InputError).problem;
      }
      throw new Error('accepted');
    };
    expect(shape([1, 2])).toMatch(/^unknown shape \(a JSON array; .*without --query/);
    expect(shape(42)).toMatch(/^unknown shape \(a JSON number, not an object/);
    expect(shape({})).toMatch(/^unknown shape \(an empty JSON object;/);
    expect(shape({ status_code: 200, data: { Reservations: [] } })).toMatch(/Cloud Custodian placebo recording: the response is under "data"/);
    expect(shape({ kind: 'compute#instance', name: 'vm' })).toMatch(/Google Cloud JSON \(compute#instance\)/);
    expect(shape({ id: '/subscriptions/x/resourceGroups/rg', name: 'vm' })).toMatch(/Azure JSON/);
  });

  it('names the file when a recognised document cannot be normalised', () => {
    const broken = { Reservations: [{ Instances: [{ InstanceId: 'i-1', NetworkInterfaces: [null] }] }] };
    expect(() => scan([{ file: 'ok.json', doc: { SecurityGroups: [] } }, { file: 'broken.json', doc: broken }])).toThrow(
      /^broken\.json: cannot read this describe-instances JSON/,
    );
  });

  // TEST INPUT: minimal instances for the two normaliser fixes below.
  const openSsh = {
    SecurityGroups: [{ GroupId: 'sg-0open', GroupName: 'open', IpPermissions: [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }], IpPermissionsEgress: [] }],
  };
  const instance = (id: string, zone: string, state: string) => ({
    InstanceId: id,
    State: { Name: state },
    Placement: { AvailabilityZone: zone },
    SecurityGroups: [{ GroupId: 'sg-0open', GroupName: 'open' }],
    NetworkInterfaces: [],
  });
  const sshSeverity = (r: ReturnType<typeof scan>, id: string) =>
    r.findings.find((f) => f.resourceId === id && f.ruleId === 'aws-sg-ssh-not-public' && f.status === 'fail')?.severity;

  it('a stopped instance without an address now is not provably private (S14): open SSH stays critical', () => {
    const r = scan(
      [
        { file: 'i.json', doc: { Reservations: [{ Instances: [instance('i-0run', 'us-east-1a', 'running'), instance('i-0stop', 'us-east-1a', 'stopped')] }] } },
        { file: 'sg.json', doc: openSsh },
      ],
      { now: '2025-01-01T00:00:00Z' },
    );
    expect(r.resources.find((x) => x.id === 'i-0run')!.hasPublicAddress).toBe(false);
    expect(r.resources.find((x) => x.id === 'i-0stop')!.hasPublicAddress).toBeUndefined();
    expect(sshSeverity(r, 'i-0run')).toBe('high'); // critical↓: running, no public address
    expect(sshSeverity(r, 'i-0stop')).toBe('critical'); // an auto-assigned IPv4 may come back at start
  });

  it('applies get-ebs-encryption-by-default only when the instances share its (unnamed) region', () => {
    const ebs = { file: 'ebs.json', doc: { EbsEncryptionByDefault: false } };
    const status = (r: ReturnType<typeof scan>, id: string) => r.findings.find((f) => f.resourceId === id && f.ruleId === 'aws-ebs-default-encryption-enabled')!.status;
    const one = scan([{ file: 'i.json', doc: { Instances: [instance('i-0a', 'us-east-1a', 'running'), instance('i-0b', 'us-east-1c', 'running')] } }, ebs]);
    expect([status(one, 'i-0a'), status(one, 'i-0b')]).toEqual(['fail', 'fail']);
    expect(one.notes).toEqual([]);
    const two = scan([{ file: 'i.json', doc: { Instances: [instance('i-0a', 'us-east-1a', 'running'), instance('i-0c', 'eu-west-1a', 'running')] } }, ebs]);
    expect([status(two, 'i-0a'), status(two, 'i-0c')]).toEqual(['unknown', 'unknown']);
    expect(two.notes).toEqual([
      "ebs.json: get-ebs-encryption-by-default does not name its region and the instances are in 2 regions (eu-west-1, us-east-1); it was not used: scan each region's instances with that region's file",
    ]);
  });

  it('lists an instance given twice once, with a note', () => {
    const doc = loadAwsSample('aws/cloud-custodian/test_ec2_add_by_tag/ec2.DescribeInstances_1.json');
    const r = scan([
      { file: 'a.json', doc },
      { file: 'b.json', doc },
    ]);
    expect(r.resources.map((x) => x.id)).toEqual(['i-08797f38d2e80c9d0']);
    expect(r.notes[0]).toMatch(/^i-08797f38d2e80c9d0 appears more than once/);
    expect(new Set(r.findings.map((f) => f.ruleId)).size).toBe(r.findings.filter((f) => !f.item).length);
  });
});

describe('run()', () => {
  const dir = tempFiles({
    'i.json': loadAwsSample('aws/cloud-custodian/test_ec2_add_by_tag/ec2.DescribeInstances_1.json'),
    'bad.json': '{"Reservations": [',
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const capture = (argv: string[], color = false) => {
    let out = '';
    let err = '';
    const code = run(argv, { stdout: (t) => (out += t), stderr: (t) => (err += t), color });
    return { code, out, err };
  };

  it('colours text only when asked, and exits 1 on failing findings', () => {
    const plain = capture(['scan', '--now', '2023-11-01T00:00:00Z', join(dir, 'i.json')]);
    const coloured = capture(['scan', '--now', '2023-11-01T00:00:00Z', join(dir, 'i.json')], true);
    expect(plain.code).toBe(1);
    expect(plain.out).not.toMatch(/\x1b\[/);
    expect(coloured.out).toMatch(/\x1b\[31mHIGH/);
    expect(coloured.out.replace(/\x1b\[[0-9;]*m/g, '')).toBe(plain.out);
  });

  it('reports bad input on one line and returns 2', () => {
    const r = capture(['scan', join(dir, 'i.json'), join(dir, 'bad.json')]);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toBe(`vmlint: ${join(dir, 'bad.json')}: not JSON (Unexpected end of JSON input at position 18: the file looks truncated)\n`);
    expect(capture(['scan', dir]).err).toBe(`vmlint: ${dir}: is a directory, not a file\n`);
  });
});
