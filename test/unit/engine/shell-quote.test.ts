/**
 * shellQuote: page-derived values are hostile. Each value must reach the command as exactly one
 * argument, byte for byte, and nothing in it may run. Checked by letting a real POSIX shell parse
 * the quoted text (printf prints each argument NUL-terminated) in an empty directory where any
 * command substitution would leave a file behind.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { shellQuote } from '../../../src/engine/shell-quote';

const dir = mkdtempSync(join(tmpdir(), 'vmlint-shq-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The arguments `sh` passes to printf for `printf '%s\0' <text>`. */
function argsAfterShell(text: string): string[] {
  const out = execFileSync('sh', ['-c', `printf '%s\\0' ${text}`], { cwd: dir, encoding: 'utf8' });
  expect(out.endsWith('\0')).toBe(true);
  return out.slice(0, -1).split('\0');
}

const HOSTILE = [
  'my web server',
  "it's",
  'say "hi"',
  '$(touch pwned-subst)',
  '`touch pwned-backtick`',
  'a; touch pwned-semicolon',
  'a && touch pwned-and',
  'a | tee pwned-pipe',
  'a > pwned-redirect',
  'line1\nline2',
  'tab\there',
  '',
  ' ',
  '$HOME',
  '${PATH}',
  '*',
  '~',
  '~root',
  '!',
  '#not a comment',
  '\\',
  "'",
  "''",
  '"',
  "'\"'\"'",
  '--region=eu-west-1',
  '-n',
  '{user.x}',
  'a{b,c}d',
  'ünïcødé 名前',
  "x'$(touch pwned-mixed)'y",
  '%s%n',
];

describe('shellQuote', () => {
  it('leaves plain identifiers alone', () => {
    for (const v of ['i-0abc123', 'sg-1', 'us-east-1', '/dev/xvda', 'Name=web', 'a,b', 'user@host', '10.0.0.0/8', 'arn:aws:iam::1:role/x']) {
      expect(shellQuote(v)).toBe(v);
    }
  });

  it('quotes the empty string', () => {
    expect(shellQuote('')).toBe("''");
  });

  it('single-quotes anything else, writing a quote as \'\\\'\'', () => {
    expect(shellQuote('a b')).toBe("'a b'");
    expect(shellQuote("it's")).toBe("'it'\\''s'");
    expect(shellQuote('$(x)')).toBe("'$(x)'");
  });

  it.each(HOSTILE.map((v) => [JSON.stringify(v), v]))('%s arrives as one argument, unchanged, running nothing', (_name, value) => {
    expect(argsAfterShell(`before ${shellQuote(value)} after`)).toEqual(['before', value, 'after']);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('survives glued to literal text (Name={x}, {x}-final)', () => {
    for (const v of HOSTILE) {
      expect(argsAfterShell(`Name=${shellQuote(v)} ${shellQuote(v)}-final`)).toEqual([`Name=${v}`, `${v}-final`]);
    }
    expect(readdirSync(dir)).toEqual([]);
  });

  it('holds for random strings of shell-special characters', () => {
    const alphabet = ` \t\n'"\`$(){}[]<>|&;*?~!#\\=,.:/@%+-_aZ09é`;
    let seed = 7;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const values = Array.from({ length: 300 }, () =>
      Array.from({ length: Math.floor(rnd() * 12) }, () => alphabet[Math.floor(rnd() * alphabet.length)]).join(''),
    );
    expect(argsAfterShell(values.map(shellQuote).join(' '))).toEqual(values);
    expect(readdirSync(dir)).toEqual([]);
  });
});
