/**
 * Fixes as one shell script ("Copy all fixes"): a comment per finding, its commands in order.
 * Disruptive steps (stop, terminate, delete, recreate) are commented out so that pasting the script
 * never takes a VM down by accident; placeholders still to fill are named above their command.
 */
import type { Finding, RenderedStep } from '../model/finding';

// CR counts too: a terminal ends a pasted line at a lone CR, which would let text out of a comment.
// Other control characters too: pasted into a terminal, ^O, ESC sequences and the like can end a
// comment line or fake the end of a bracketed paste.
// eslint-disable-next-line no-control-regex
const oneLine = (s: string) => s.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ');

export function stepLines(step: RenderedStep): string[] {
  if (step.command === undefined) return step.note ? [`# ${oneLine(step.note)}`] : [];
  const lines: string[] = [];
  if (step.note) lines.push(`# ${oneLine(step.note)}`);
  if (step.unfilled.length) lines.push(`# fill in first: ${step.unfilled.map(oneLine).join(' ')}`);
  if (step.disruptive) {
    lines.push('# disruptive (stops, replaces or deletes): run it deliberately by removing the "# "');
    lines.push(...step.command.split(/\r\n|\r|\n|\u2028|\u2029/).map((l) => `# ${oneLine(l)}`));
  } else {
    lines.push(step.command);
  }
  return lines;
}

export function fixScript(findings: readonly Finding[], header = 'vmlint fixes'): string {
  const out = ['#!/bin/sh', `# ${oneLine(header)}`, '# Review every command before running it.', ''];
  for (const f of findings) {
    if (f.status !== 'fail' || !f.fix) continue;
    out.push(`# [${f.severity}] ${f.ruleId}: ${oneLine(f.title)}${f.item ? ` (${oneLine(f.item)})` : ''} on ${oneLine(f.resourceId)}`);
    for (const step of f.fix.cli) out.push(...stepLines(step));
    out.push('');
  }
  return `${out.join('\n').trimEnd()}\n`;
}
