/**
 * Parsed input documents → resources and findings: detect each document's provider and shape,
 * normalise per provider (joining related documents: instances with their security groups and
 * volumes), evaluate every bundled rule on every resource.
 */
import type { CompiledRule } from '../engine/compile';
import { evaluateResource } from '../engine/evaluate';
import { loadRulesFromDir } from '../engine/load-rules-fs';
import type { Finding } from '../model/finding';
import type { Provider, ResourceSnapshot } from '../model/snapshot';
import { InputError, oneLine } from './errors';
import { PROVIDER_ADAPTERS, type DetectedInput, type ProviderAdapter } from './providers';
import type { InputDoc } from './read-input';

export interface ScanOptions {
  /** "now" for time-based rules (ISO); defaults to the current time. */
  now?: string;
  rules?: readonly CompiledRule[];
  adapters?: readonly ProviderAdapter[];
}

export interface ScannedInput {
  file: string;
  provider: Provider;
  shape: string;
}

export interface ScanResult {
  inputs: ScannedInput[];
  resources: ResourceSnapshot[];
  /** Every finding (fail, pass, unknown, not-applicable), resource by resource, in rule order. */
  findings: Finding[];
  /** Rule ids evaluated per provider. */
  rulesByProvider: Partial<Record<Provider, string[]>>;
  /** Things the user should know that are not findings (nothing to check, files that joined nothing). */
  notes: string[];
  /** For an unknown finding: the command whose output would decide it. */
  hints: Map<Finding, string>;
  now: string;
}

let bundled: CompiledRule[] | undefined;

/** The bundled rules, loaded once per process. */
export function bundledRules(): CompiledRule[] {
  return (bundled ??= loadRulesFromDir());
}

/** A short description of a document vmlint does not recognise, for the error line. */
export function describeUnknownShape(doc: unknown, adapters: readonly ProviderAdapter[]): string {
  const expected = `expected ${adapters.map((a) => a.expected).join('; or ')}`;
  if (doc === null || typeof doc !== 'object') {
    return `unknown shape (a JSON ${doc === null ? 'null' : typeof doc}, not an object; ${expected})`;
  }
  if (Array.isArray(doc)) {
    return `unknown shape (a JSON array; vmlint reads the whole output of a describe command, without --query; ${expected})`;
  }
  const d = doc as Record<string, unknown>;
  const keys = Object.keys(d);
  let hint = '';
  if ('status_code' in d && d.data && typeof d.data === 'object') {
    hint = 'this looks like a Cloud Custodian placebo recording: the response is under "data"; ';
  } else if (typeof d.kind === 'string' && d.kind.startsWith('compute#')) {
    hint = `this looks like Google Cloud JSON (${oneLine(d.kind, 40)}) of a kind the CLI does not read (it reads instances, firewalls, effective firewalls, project info, disks and subnets); `;
  } else if (typeof d.id === 'string' && /^\/subscriptions\//i.test(d.id)) {
    hint = 'this looks like Azure JSON of a type the CLI does not read (it reads VMs, NICs, NSGs, subnets, public IPs, disks and portal batch responses); ';
  } else if ('Instances' in d && Array.isArray(d.Instances)) {
    hint = 'an Instances list whose entries have no InstanceId; ';
  }
  const shown = keys.length === 0 ? 'an empty JSON object' : `a JSON object with keys ${keys.slice(0, 5).map((k) => `"${oneLine(k, 40)}"`).join(', ')}${keys.length > 5 ? ', …' : ''}`;
  return `unknown shape (${shown}; ${hint}${expected})`;
}

function detect(input: InputDoc, adapters: readonly ProviderAdapter[]): { adapter: ProviderAdapter; detected: DetectedInput } {
  for (const adapter of adapters) {
    const shape = adapter.detect(input.doc);
    if (shape) return { adapter, detected: { file: input.file, doc: input.doc, shape } };
  }
  throw new InputError(input.file, describeUnknownShape(input.doc, adapters));
}

/** Normalise, and when that throws, name the file it could not read (never a stack trace). */
function normaliseNamed(adapter: ProviderAdapter, inputs: DetectedInput[]): ResourceSnapshot[] {
  try {
    return adapter.normalise(inputs);
  } catch (err) {
    for (const input of inputs) {
      try {
        adapter.normalise([input]);
      } catch (alone) {
        throw new InputError(input.file, `cannot read this ${input.shape} JSON (${oneLine(firstLine(alone), 200)})`);
      }
    }
    const files = inputs.map((i) => i.file).join(', ');
    throw new InputError(files, `cannot join these files (${oneLine(firstLine(err), 200)})`);
  }
}

function firstLine(err: unknown): string {
  const issues = (err as { issues?: Array<{ path: PropertyKey[]; message: string }> })?.issues;
  if (Array.isArray(issues) && issues.length) {
    return issues
      .slice(0, 2)
      .map((i) => `${i.path.map(String).join('.')}: ${i.message}`)
      .join('; ');
  }
  return String((err as Error)?.message ?? err).split('\n')[0];
}

function ofShapes(inputs: DetectedInput[]): string {
  return inputs.map((i) => `${i.file} (${i.shape})`).join(', ');
}

export function scan(docs: InputDoc[], options: ScanOptions = {}): ScanResult {
  const adapters = options.adapters ?? PROVIDER_ADAPTERS;
  const rules = options.rules ?? bundledRules();
  const now = options.now ?? new Date().toISOString();

  const byAdapter = new Map<ProviderAdapter, DetectedInput[]>();
  const inputs: ScannedInput[] = [];
  for (const doc of docs) {
    const { adapter, detected } = detect(doc, adapters);
    byAdapter.set(adapter, [...(byAdapter.get(adapter) ?? []), detected]);
    inputs.push({ file: doc.file, provider: adapter.provider, shape: detected.shape });
  }

  const notes: string[] = [];
  const resources: ResourceSnapshot[] = [];
  const seen = new Map<string, string>();
  for (const [adapter, detected] of byAdapter) {
    const found = normaliseNamed(adapter, detected);
    for (const r of found) {
      const key = `${r.provider} ${r.id}`;
      const where = r.sources?.[r.provider] ?? '';
      if (seen.has(key)) {
        notes.push(`${r.id} appears more than once (${seen.get(key)}; ${where}): the first one is checked`);
        continue;
      }
      seen.set(key, where);
      resources.push(r);
    }
    notes.push(...(adapter.joinNotes?.(detected, found) ?? []));
  }
  if (resources.length === 0) {
    const all = [...byAdapter.values()].flat();
    const many = all.length > 1;
    notes.unshift(
      all.every((i) => i.shape === 'describe-instances')
        ? `no VM in the input: ${ofShapes(all)} ${many ? 'list' : 'lists'} no instance; nothing to check`
        : `no VM in the input: ${ofShapes(all)} ${many ? 'hold' : 'holds'} no instance, only resources attached to VMs; ` +
            'give the instance listing (e.g. describe-instances) in the same call to check them',
    );
  }

  const rulesByProvider: ScanResult['rulesByProvider'] = {};
  for (const p of new Set(resources.map((r) => r.provider))) {
    rulesByProvider[p] = rules.filter((c) => c.rule.provider === p).map((c) => c.rule.id);
  }

  const findings: Finding[] = [];
  const hints = new Map<Finding, string>();
  const adapterOf = new Map(adapters.map((a) => [a.provider, a] as const));
  for (const r of resources) {
    for (const f of evaluateResource(rules, r, { now })) {
      findings.push(f);
      const hint = adapterOf.get(r.provider)?.dataHint?.(f, r);
      if (hint) hints.set(f, hint);
    }
  }
  return { inputs, resources, findings, rulesByProvider, notes, hints, now };
}
