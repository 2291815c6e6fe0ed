/**
 * Loaders for the public sample data in ../shared/samples (see its SOURCES.md). The samples are
 * unmodified copies and are never edited: everything that makes them usable happens here.
 *
 * - Cloud Custodian "placebo" recordings (AWS): `{status_code, data}` → `data`, with placebo's
 *   datetime objects (`{"__class__": "datetime", year, month, …}`) turned into ISO strings, as the
 *   aws-cli prints them.
 * - aws-cli documentation pages (`.rst`): the JSON of each `Output::` block, after a tolerant repair
 *   of the two doc slips they contain (a trailing comma; a string missing its closing quote).
 * - Custodian GCP "flight" recordings `{headers, body}` → `body`; Azure x-ms-examples
 *   `{parameters, responses}` → a response body.
 *
 * The folder is found relative to the repository root (`<repo>/../shared/samples`), so it works in
 * a checkout where `shared/` sits beside the repo clone; VMLINT_SAMPLES_DIR overrides it.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** `<repo>/../shared/samples/` (this file is `<repo>/test/helpers/samples.ts`). */
export const SAMPLES_DIR: string = process.env.VMLINT_SAMPLES_DIR
  ? process.env.VMLINT_SAMPLES_DIR
  : fileURLToPath(new URL('../../../shared/samples/', import.meta.url));

export function samplesAvailable(): boolean {
  return existsSync(SAMPLES_DIR);
}

/** Absolute path of a sample, given its path below the samples folder ("aws/aws-cli/…"). */
export function samplePath(rel: string): string {
  requireSamples();
  return join(SAMPLES_DIR, rel);
}

/** A missing samples folder is a set-up problem: say so plainly instead of a bare ENOENT. */
export function requireSamples(): void {
  if (!samplesAvailable()) {
    throw new Error(
      `the public API samples are not at ${SAMPLES_DIR}: these tests read the workspace's shared/samples ` +
        '(beside the repo clone, as CI has it), or set VMLINT_SAMPLES_DIR to that folder',
    );
  }
}

/** Every sample file below `sub` ("aws", "gcp", "azure" or ""), as paths relative to the folder,
 *  forward slashes, sorted; SOURCES.md is not a sample. */
export function listSampleFiles(sub = ''): string[] {
  const root = join(SAMPLES_DIR, sub);
  if (!existsSync(root)) return [];
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (name !== 'SOURCES.md') out.push(relative(SAMPLES_DIR, p).split(sep).join('/'));
    }
  };
  walk(root);
  return out;
}

export function readSampleText(rel: string): string {
  return readFileSync(samplePath(rel), 'utf8');
}

// ---------------------------------------------------------------------------------------------
// Cloud Custodian placebo recordings

type Json = Record<string, unknown>;

const pad = (n: unknown, width = 2) => String(n ?? 0).padStart(width, '0');

/** placebo's `{"__class__": "datetime", year, month, day, hour, minute, second, microsecond}` →
 *  "2023-02-23T10:09:06+00:00" (botocore's datetimes are UTC; placebo drops the zone). */
export function placeboDatetimeToIso(d: Json): string {
  const micro = Number(d.microsecond ?? 0);
  const frac = micro ? `.${pad(micro, 6)}` : '';
  return `${pad(d.year, 4)}-${pad(d.month)}-${pad(d.day)}T${pad(d.hour)}:${pad(d.minute)}:${pad(d.second)}${frac}+00:00`;
}

function isPlaceboDatetime(v: unknown): v is Json {
  return !!v && typeof v === 'object' && !Array.isArray(v) && (v as Json).__class__ === 'datetime';
}

/** A deep copy with every placebo datetime object replaced by its ISO string. */
export function convertPlaceboDatetimes<T = unknown>(value: unknown): T {
  if (isPlaceboDatetime(value)) return placeboDatetimeToIso(value) as T;
  if (Array.isArray(value)) return value.map((v) => convertPlaceboDatetimes(v)) as T;
  if (value && typeof value === 'object') {
    const out: Json = {};
    for (const [k, v] of Object.entries(value)) out[k] = convertPlaceboDatetimes(v);
    return out as T;
  }
  return value as T;
}

/** `{status_code, data}` → data (datetimes converted). Throws on anything else, so a changed
 *  sample is noticed rather than silently scanned as something else. */
export function unwrapPlacebo(doc: unknown, name = 'placebo recording'): Json {
  const d = doc as Json | null;
  if (!d || typeof d !== 'object' || !('status_code' in d) || !d.data || typeof d.data !== 'object') {
    throw new Error(`${name}: not a placebo recording ({status_code, data})`);
  }
  return convertPlaceboDatetimes<Json>(d.data);
}

export function loadPlacebo(rel: string): Json {
  return unwrapPlacebo(JSON.parse(readSampleText(rel)), rel);
}

// ---------------------------------------------------------------------------------------------
// aws-cli .rst examples

export interface RstBlock {
  /** The nearest preceding `**Example N: …**` heading, without the asterisks ("" when none). */
  example: string;
  /** The block's text, de-indented. */
  text: string;
}

/** Every literal block introduced by a line ending in `Output::`. */
export function rstOutputBlocks(rst: string): RstBlock[] {
  const lines = rst.split(/\r?\n/);
  const blocks: RstBlock[] = [];
  let example = '';
  for (let i = 0; i < lines.length; i++) {
    const heading = /^\*\*(.+)\*\*\s*$/.exec(lines[i]);
    if (heading) example = heading[1].trim();
    if (!/Output::\s*$/.test(lines[i])) continue;
    // The block: blank lines, then indented lines, until the first non-blank unindented line.
    let j = i + 1;
    while (j < lines.length && lines[j].trim() === '') j++;
    const body: string[] = [];
    for (; j < lines.length; j++) {
      if (lines[j].trim() !== '' && !/^\s/.test(lines[j])) break;
      body.push(lines[j]);
    }
    while (body.length && body[body.length - 1].trim() === '') body.pop();
    const indent = Math.min(...body.filter((l) => l.trim()).map((l) => /^\s*/.exec(l)![0].length));
    blocks.push({ example, text: body.map((l) => l.slice(Number.isFinite(indent) ? indent : 0)).join('\n') });
    i = j - 1;
  }
  return blocks;
}

/** Whether a quote at `i` in `line` is escaped (odd number of backslashes before it). */
function escaped(line: string, i: number): boolean {
  let n = 0;
  for (let k = i - 1; k >= 0 && line[k] === '\\'; k--) n++;
  return n % 2 === 1;
}

/**
 * The doc pages' JSON slips, repaired: a string that runs to the end of its line gets its closing
 * quote (before a trailing comma, which is then the separator), and a comma before `}` or `]` is
 * dropped. Only for documentation samples; real CLI output is strict JSON.
 */
export function repairDocJson(text: string): string {
  const lines = text.split('\n').map((line) => {
    let open = false;
    for (let i = 0; i < line.length; i++) if (line[i] === '"' && !escaped(line, i)) open = !open;
    if (!open) return line;
    const m = /^(.*?)(,?)\s*$/.exec(line)!;
    return `${m[1]}"${m[2]}`;
  });
  // Trailing commas (outside strings: after the line repair every string closes on its line).
  return lines.join('\n').replace(/,(\s*[}\]])/g, '$1');
}

export interface RstJson {
  example: string;
  json: unknown;
  /** True when the block only parsed after repairDocJson. */
  repaired: boolean;
}

/** The JSON of every `Output::` block that is JSON (text and table outputs are skipped, and so are
 *  abridged blocks with "..." that no repair can make whole). */
export function rstJsonExamples(rst: string): RstJson[] {
  const out: RstJson[] = [];
  for (const b of rstOutputBlocks(rst)) {
    const t = b.text.trim();
    if (!t.startsWith('{') && !t.startsWith('[')) continue;
    try {
      out.push({ example: b.example, json: JSON.parse(t), repaired: false });
      continue;
    } catch {
      /* try the repair */
    }
    try {
      out.push({ example: b.example, json: JSON.parse(repairDocJson(t)), repaired: true });
    } catch {
      /* not whole JSON (e.g. "..." elisions): skipped */
    }
  }
  return out;
}

/** The first `Output::` JSON object of an .rst page (the full-response example). */
export function loadRstJson(rel: string): Json {
  const first = rstJsonExamples(readSampleText(rel)).find((e) => e.json && typeof e.json === 'object' && !Array.isArray(e.json));
  if (!first) throw new Error(`${rel}: no JSON object in any Output:: block`);
  return first.json as Json;
}

// ---------------------------------------------------------------------------------------------
// Any AWS sample, as the aws-cli would print it

/** An AWS sample as plain CLI JSON: placebo recordings unwrapped, .rst pages' first JSON output. */
export function loadAwsSample(rel: string): Json {
  if (rel.endsWith('.rst')) return loadRstJson(rel);
  return loadPlacebo(rel);
}

// ---------------------------------------------------------------------------------------------
// GCP flights and Azure examples (simple unwrapping, for tests of those providers)

/** Custodian GCP flight `{headers, body}` → body. */
export function loadGcpFlight(rel: string): Json {
  const d = JSON.parse(readSampleText(rel)) as Json;
  if (!d || typeof d !== 'object' || !d.body) throw new Error(`${rel}: not a flight recording ({headers, body})`);
  return d.body as Json;
}

/** Azure x-ms-examples `{parameters, responses}` → the body of `status` (default: 200, else the
 *  first response with a body). */
export function loadAzureExample(rel: string, status?: string): Json {
  const d = JSON.parse(readSampleText(rel)) as { responses?: Record<string, { body?: Json }> };
  const responses = d.responses ?? {};
  const key = status ?? ('200' in responses && responses['200']?.body ? '200' : Object.keys(responses).find((k) => responses[k]?.body));
  const body = key ? responses[key]?.body : undefined;
  if (!body) throw new Error(`${rel}: no response body${status ? ` for ${status}` : ''}`);
  return body;
}
