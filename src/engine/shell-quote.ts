/**
 * POSIX shell quoting for values substituted into fix commands. Page-derived values (names, tags)
 * are hostile input: a value with spaces, quotes, `$(…)`, backticks or a newline must stay one
 * argument and never run anything. Single quotes disable every expansion in POSIX sh; the only
 * character they cannot hold is `'` itself, written as `'\''`.
 */
const SAFE = /^[A-Za-z0-9_@%+=:,./-]+$/;

export function shellQuote(value: string): string {
  if (value === '') return "''";
  if (SAFE.test(value)) return value;
  return `'${value.replace(/'/g, `'\\''`)}'`;
}
