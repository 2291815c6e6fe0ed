/**
 * `--format markdown`: a pull-request comment. A summary line, then per VM (worst first, as in the
 * text report) a heading and a table of its failing findings, worst severity first, each with its
 * first fix command. VMs where nothing fails get one line each at the end.
 */
import type { Finding, Status } from '../model/finding';
import { SEVERITIES } from '../model/rule';
import type { ResourceSnapshot } from '../model/snapshot';
import { firstCommand, ruleStatus, vmBlocks } from './format-text';
import type { ScanResult } from './scan';

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** Text safe inside a table cell: one line, pipes escaped, Markdown/HTML punctuation escaped. */
export function cell(text: string): string {
  return text
    .replace(/\r?\n\s*/g, ' ')
    .replace(/[\\`*_[\]<>|#~]/g, (c) => `\\${c}`)
    .trim();
}

/** An inline code span that holds any text (a longer backtick fence than the text has), pipes escaped. */
export function code(text: string): string {
  const flat = text.replace(/\r?\n\s*/g, ' ');
  const longest = Math.max(0, ...(flat.match(/`+/g) ?? []).map((m) => m.length));
  const fence = '`'.repeat(longest + 1);
  const pad = flat.startsWith('`') || flat.endsWith('`') ? ' ' : '';
  // In a GFM table a pipe ends the cell even inside a code span; "\|" is the documented escape.
  return `${fence}${pad}${flat.replace(/\|/g, '\\|')}${pad}${fence}`;
}

function heading(r: ResourceSnapshot): string {
  const bits: string[] = [r.provider];
  if (r.zone ?? r.region) bits.push(String(r.zone ?? r.region));
  if (r.state) bits.push(r.state);
  if (r.hasPublicAddress === true) bits.push('public address');
  else if (r.hasPublicAddress === false) bits.push('no public address');
  return `${code(r.id)}${r.name ? ` ${cell(`"${r.name}"`)}` : ''} (${cell(bits.join(', '))})`;
}

export function formatMarkdown(result: ScanResult): string {
  const out: string[] = [];
  const blocks = vmBlocks(result).map(({ r, findings, failing }) => {
    const perRule = new Map<string, Finding[]>();
    for (const f of findings) perRule.set(f.ruleId, [...(perRule.get(f.ruleId) ?? []), f]);
    const counts: Record<Status, number> = { fail: 0, pass: 0, unknown: 0, 'not-applicable': 0 };
    for (const fs of perRule.values()) counts[ruleStatus(fs)]++;
    return { r, failing, counts };
  });

  const failingTotal = blocks.reduce((n, b) => n + b.failing.length, 0);
  const bySeverity = SEVERITIES.map((s) => [s, blocks.reduce((n, b) => n + b.failing.filter((f) => f.severity === s).length, 0)] as const).filter(
    ([, n]) => n > 0,
  );
  const vmsFailing = blocks.filter((b) => b.failing.length).length;

  out.push('## vmlint', '');
  if (result.resources.length === 0) out.push('No VM to check.');
  else if (failingTotal === 0) out.push(`${plural(result.resources.length, 'VM')} checked: nothing fails.`);
  else {
    out.push(
      `${plural(result.resources.length, 'VM')} checked: **${plural(failingTotal, 'failing finding')}** ` +
        `(${bySeverity.map(([s, n]) => `${n} ${s}`).join(', ')}) on ${plural(vmsFailing, 'VM')}.`,
    );
  }
  for (const note of result.notes) out.push('', `> ${cell(note)}`);

  for (const { r, failing, counts } of blocks.filter((b) => b.failing.length)) {
    out.push('', `### ${heading(r)}`, '');
    out.push('| Severity | Rule | Not met | Item | First fix step |', '| --- | --- | --- | --- | --- |');
    for (const f of failing) {
      const { command, more } = firstCommand(f);
      const fix = command ? `${code(command)}${more ? ` (+${plural(more, 'more step')})` : ''}` : '';
      out.push(`| **${f.severity.toUpperCase()}** | ${code(f.ruleId)} | ${cell(f.title)} | ${f.item ? code(f.item) : ''} | ${fix} |`);
    }
    out.push(
      '',
      `${counts.fail} failing, ${counts.pass} passing, ${counts.unknown} unknown, ${counts['not-applicable']} not applicable ` +
        `(of ${plural(counts.fail + counts.pass + counts.unknown + counts['not-applicable'], 'rule')}).`,
    );
  }
  const clean = blocks.filter((b) => !b.failing.length);
  if (clean.length && failingTotal) out.push('', '### Nothing fails on', '');
  else if (clean.length) out.push('');
  for (const { r, counts } of clean) {
    out.push(`- ${heading(r)}: ${counts.pass} passing, ${counts.unknown} unknown, ${counts['not-applicable']} not applicable`);
  }
  return `${out.join('\n')}\n`;
}
