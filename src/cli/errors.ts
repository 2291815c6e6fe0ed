/**
 * Errors the CLI reports as one stderr line and exit 2 (DESIGN.md "Contract" 5): bad usage, and bad
 * input naming the file. Anything else that reaches the top is a bug, still reported on one line.
 */

export const EXIT_OK = 0;
export const EXIT_FAILING = 1;
export const EXIT_BAD_INPUT = 2;

/** A problem with the command line itself. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** A problem with one input file: "<file>: <problem>". */
export class InputError extends Error {
  constructor(
    readonly file: string,
    readonly problem: string,
  ) {
    super(`${file}: ${problem}`);
    this.name = 'InputError';
  }
}

/** Control characters and newlines out, length capped: the message must stay one readable line. */
export function oneLine(text: string, max = 300): string {
  const flat = text
    .replace(/\r?\n\s*/g, ' ')
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}
