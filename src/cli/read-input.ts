/**
 * Reads one input file (or stdin, `-`) and parses it as JSON. Every problem becomes an InputError
 * naming the file: missing, a directory, unreadable, empty, not JSON, truncated JSON. Whether the
 * JSON is a shape vmlint knows is decided later (scan.ts), by the provider detectors.
 */
import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { InputError, oneLine } from './errors';

export interface InputDoc {
  /** The file as the user named it ("instances.json", "-" for stdin). */
  file: string;
  doc: unknown;
}

export const STDIN = '-';

/**
 * Where a relative name points. `npm run scan -- FILE` runs in the package folder; npm says where
 * it was started in INIT_CWD, and the user's relative names mean that folder.
 */
export function resolveInputPath(file: string, env: NodeJS.ProcessEnv = process.env): string {
  if (isAbsolute(file)) return file;
  const viaNpm = env.INIT_CWD && (env.npm_lifecycle_event === 'scan' || env.npm_lifecycle_event === 'vmlint');
  return viaNpm ? resolve(env.INIT_CWD as string, file) : file;
}

function readBytes(file: string): Buffer {
  try {
    return readFileSync(file === STDIN ? 0 : resolveInputPath(file));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    switch (code) {
      case 'ENOENT':
        throw new InputError(file, 'no such file');
      case 'EISDIR':
        throw new InputError(file, 'is a directory, not a file');
      case 'EACCES':
      case 'EPERM':
        throw new InputError(file, 'permission denied');
      default:
        throw new InputError(file, `cannot read (${oneLine(code ?? String((err as Error).message ?? err), 120)})`);
    }
  }
}

/** Text from bytes: UTF-8, or UTF-16 when a byte-order mark says so (Windows PowerShell's `>`). */
export function decodeText(bytes: Buffer): string {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return bytes.subarray(2).toString('utf16le');
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) {
    const swapped = Buffer.from(bytes.subarray(2));
    swapped.swap16();
    return swapped.toString('utf16le');
  }
  const text = bytes.toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

function lineColumn(text: string, pos: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = 0; i < pos && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      start = i + 1;
    }
  }
  return { line, column: pos - start + 1 };
}

/**
 * Offset of the first syntax error in `text` (a small JSON scanner), or null when it finds none.
 * Only used to place an error whose message has no position.
 */
export function jsonErrorPosition(text: string): number | null {
  let i = 0;
  const ws = () => {
    while (i < text.length && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i++;
  };
  const fail = (): never => {
    throw i;
  };
  const str = () => {
    i++;
    while (i < text.length && text[i] !== '"') {
      if (text.charCodeAt(i) < 0x20) fail();
      i += text[i] === '\\' ? 2 : 1;
    }
    if (i >= text.length) fail();
    i++;
  };
  const value = (depth: number): void => {
    ws();
    if (depth > 5000) fail();
    const c = text[i];
    if (c === '{') {
      i++;
      ws();
      if (text[i] === '}') return void i++;
      for (;;) {
        ws();
        if (text[i] !== '"') fail();
        str();
        ws();
        if (text[i] !== ':') fail();
        i++;
        value(depth + 1);
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === '}') return void i++;
        else fail();
      }
    }
    if (c === '[') {
      i++;
      ws();
      if (text[i] === ']') return void i++;
      for (;;) {
        value(depth + 1);
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === ']') return void i++;
        else fail();
      }
    }
    if (c === '"') return str();
    const lit = /^(?:true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(text.slice(i, i + 400));
    if (!lit) fail();
    i += lit![0].length;
  };
  try {
    value(0);
    ws();
    return i < text.length ? i : null;
  } catch (pos) {
    return typeof pos === 'number' ? pos : null;
  }
}

/**
 * V8's JSON.parse message → "<what> at position N: the file looks truncated" when the parser ran
 * out of input, else "<what> at line L, column C (position N)". V8's quoted snippet of the input
 * ('"xyz…" is not valid JSON') is dropped: it can be long, binary, or a secret.
 */
export function describeJsonError(text: string, err: unknown): string {
  let msg = String((err as Error)?.message ?? err);
  // V8 quotes the input: `Unexpected token 'x', "{"a": x}" is not valid JSON` (or `…"abc"… is …`).
  msg = msg.replace(/, (?:\.\.\.)?".*$/s, '').replace(/ is not valid JSON$/, '');
  const at = / (?:in JSON )?at position (\d+)(?: \(line \d+ column \d+\))?$/.exec(msg);
  let pos: number;
  if (at) {
    pos = Number(at[1]);
    msg = msg.slice(0, at.index);
  } else if (/end of JSON input/i.test(msg)) {
    pos = text.length;
  } else {
    // Node 20 gives no position for "Unexpected token": find it.
    const found = jsonErrorPosition(text);
    if (found === null) return `not JSON (${oneLine(msg, 160)})`;
    pos = found;
  }
  msg = oneLine(msg, 160);
  if (pos >= text.trimEnd().length) return `not JSON (${msg} at position ${pos}: the file looks truncated)`;
  const { line, column } = lineColumn(text, pos);
  const first = text.trimStart()[0];
  const hint = /after JSON/.test(msg)
    ? '; more than one JSON document in the file?'
    : first && first !== '{' && first !== '[' ? '; was it printed with --output json?' : '';
  return `not JSON (${msg} at line ${line}, column ${column} (position ${pos})${hint})`;
}

/** Parses JSON text; the file name is only for the error. */
export function parseJsonText(file: string, text: string): unknown {
  if (text.trim() === '') throw new InputError(file, text.length === 0 ? 'empty file' : 'empty file (only whitespace)');
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new InputError(file, describeJsonError(text, err));
  }
}

export function readInput(file: string): InputDoc {
  const text = decodeText(readBytes(file));
  return { file, doc: parseJsonText(file, text) };
}
