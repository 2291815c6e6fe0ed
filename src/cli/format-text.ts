/**
 * `--format text` (the default): one block per VM, VMs with the worst failing findings first, and
 * inside each block the failing findings worst severity first, each with its first fix command.
 * A per-VM count line, then one summary line. Colour only when asked for (main.ts decides: stdout
 * is a TTY and NO_COLOR is unset).
 */
import type { Finding, Status } from '../model/finding';
import { SEVERITIES, type Severity } from '../model/rule';
import type { ResourceSnapshot } from '../model/snapshot';
import type { ScanResult } from './scan';

export interface TextOptions {
  color: boolean;
}

const SGR: Record<string, string> = {
  bold: '1',
  dim: '2',
  red: '31',
  green: '32',
  yellow: '33',
  blue: '34',
  magenta: '35',
  cyan: '36',
  boldRed: '1;31',
};

const SEVERITY_STYLE: Record<Severity, string> = {
  critical: 'boldRed',
  high: 'red',
  medium: 'yellow',
  low: 'cyan',
  info: 'dim',
};

const rank = (s: Severity) => SEVERITIES.indexOf(s);
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** Verdict of one rule on one VM: fail if any of its findings fails, else unknown, pass, N/A. */
export function ruleStatus(findings: Finding[]): Status {
  const order: Status[] = ['fail', 'unknown', 'pass', 'not-applicable'];
  for (const s of order) if (findings.some((f) => f.status === s)) return s;
  return 'not-applicable';
}

/** Sort key of a VM: its failing findings' counts by severity, critical first (more = worse). */
export function worstKey(failing: Finding[]): number[] {
  return SEVERITIES.map((s) => failing.filter((f) => f.severity === s).length);
}

export function compareKeys(a: number[], b: number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return b[i] - a[i];
  return 0;
}

export function firstCommand(f: Finding): { command?: string; more: number } {
  const steps = f.fix?.cli ?? [];
  const i = steps.findIndex((s) => s.command);
  if (i < 0) return { more: 0 };
  return { command: steps[i].command, more: steps.filter((s) => s.command).length - 1 };
}

function header(r: ResourceSnapshot): string {
  const bits: string[] = [r.provider];
  if (r.zone ?? r.region) bits.push(String(r.zone ?? r.region));
  if (r.state) bits.push(r.state);
  if (r.hasPublicAddress === true) bits.push('public address');
  else if (r.hasPublicAddress === false) bits.push('no public address');
  return `${r.id}${r.name ? ` "${r.name}"` : ''}  (${bits.join(', ')})`;
}

/**
 * Each resource with its findings and its failing findings worst first; the resources ordered by
 * their worst failures (then input order). Shared by the text and markdown formats.
 */
export function vmBlocks(result: ScanResult) {
  const byResource = new Map<string, Finding[]>();
  for (const f of result.findings) {
    const key = `${f.provider} ${f.resourceId}`;
    const list = byResource.get(key);
    if (list) list.push(f);
    else byResource.set(key, [f]);
  }
  const blocks = result.resources.map((r, index) => {
    const findings = byResource.get(`${r.provider} ${r.id}`) ?? [];
    const failing = findings
      .map((f, i) => ({ f, i }))
      .filter(({ f }) => f.status === 'fail')
      .sort((a, b) => rank(a.f.severity) - rank(b.f.severity) || a.i - b.i)
      .map(({ f }) => f);
    return { r, index, findings, failing, key: worstKey(failing) };
  });
  return blocks.sort((a, b) => compareKeys(a.key, b.key) || a.index - b.index);
}

export function formatText(result: ScanResult, options: TextOptions): string {
  const paint = (style: string, text: string) => (options.color ? `\x1b[${SGR[style]}m${text}\x1b[0m` : text);
  const out: string[] = [];

  for (const note of result.notes) out.push(paint('dim', `note: ${note}`));
  if (result.notes.length && result.resources.length) out.push('');
  // Rule titles state the secure state; under a VM they are the states that do NOT hold.
  if (result.findings.some((f) => f.status === 'fail')) {
    out.push(paint('dim', 'Each finding names a secure state the VM does not meet, with the first step of its fix.'), '');
  }

  const blocks = vmBlocks(result);

  const totals: Record<Status, number> = { fail: 0, pass: 0, unknown: 0, 'not-applicable': 0 };
  const failingBySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  let vmsFailing = 0;

  for (const { r, findings, failing } of blocks) {
    out.push(paint('bold', header(r)));
    const perRule = new Map<string, Finding[]>();
    for (const f of findings) perRule.set(f.ruleId, [...(perRule.get(f.ruleId) ?? []), f]);
    const counts: Record<Status, number> = { fail: 0, pass: 0, unknown: 0, 'not-applicable': 0 };
    for (const fs of perRule.values()) counts[ruleStatus(fs)]++;
    for (const s of Object.keys(totals) as Status[]) totals[s] += counts[s];
    if (failing.length) vmsFailing++;

    const width = Math.max(...failing.map((f) => f.severity.length), 0);
    for (const f of failing) {
      failingBySeverity[f.severity]++;
      const sev = paint(SEVERITY_STYLE[f.severity], f.severity.toUpperCase().padEnd(width));
      out.push(`  ${sev}  ${f.ruleId}  ${f.title}`);
      const pad = ' '.repeat(width + 4);
      if (f.item) out.push(`${pad}item: ${f.item}`);
      const { command, more } = firstCommand(f);
      if (command) out.push(`${pad}fix: ${command}${more ? paint('dim', `  (+${plural(more, 'more step')}, see --format json)`) : ''}`);
    }

    const unknown = [...perRule.entries()].filter(([, fs]) => ruleStatus(fs) === 'unknown');
    if (unknown.length) {
      const needs = [...new Set(unknown.flatMap(([, fs]) => fs.map((f) => result.hints.get(f)).filter((h): h is string => !!h)))];
      const ids = unknown.map(([id]) => id).join(', ');
      out.push(paint('dim', `  unknown (not in the input): ${ids}`));
      for (const n of needs) out.push(paint('dim', `    to decide: ${n}`));
    }
    const line =
      `  checked ${plural(perRule.size, 'rule')}: ${counts.fail} failing, ${counts.pass} passing, ` +
      `${counts.unknown} unknown, ${counts['not-applicable']} not applicable`;
    out.push(counts.fail ? line : paint('green', line));
    out.push('');
  }

  const failingTotal = Object.values(failingBySeverity).reduce((a, b) => a + b, 0);
  const vms = plural(result.resources.length, 'VM');
  if (result.resources.length === 0) {
    out.push('No VM to check.');
  } else if (failingTotal === 0) {
    out.push(paint('green', `${vms} checked: nothing fails (${totals.pass} passing, ${totals.unknown} unknown, ${totals['not-applicable']} not applicable).`));
  } else {
    const bySev = SEVERITIES.filter((s) => failingBySeverity[s]).map((s) => `${failingBySeverity[s]} ${s}`);
    out.push(
      `${vms} checked: ${plural(failingTotal, 'failing finding')} (${bySev.join(', ')}) on ${plural(vmsFailing, 'VM')}; ` +
        `other rule verdicts: ${totals.pass} passing, ${totals.unknown} unknown, ${totals['not-applicable']} not applicable.`,
    );
  }
  return `${out.join('\n')}\n`;
}
