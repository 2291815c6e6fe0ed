/**
 * `--format sarif`: one SARIF 2.1.0 run. `tool.driver.rules` holds one reportingDescriptor per rule
 * that ran (the rules of the providers in the input), `results` the failing findings only. A result
 * names its VM with a logical location (kind "resource") and, when the VM was read from a file,
 * that file as its physical location. `partialFingerprints` depend only on rule id, resource id
 * and item, so code-scanning services track a finding across runs.
 */
import { createHash } from 'node:crypto';
import { isAbsolute } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CompiledRule } from '../engine/compile';
import type { Finding } from '../model/finding';
import type { Rule, Severity } from '../model/rule';
import type { ResourceSnapshot } from '../model/snapshot';
import type { ScanResult } from './scan';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

/** GitHub code scanning's `security-severity` scale (a number as a string). */
export const SECURITY_SEVERITY: Record<Severity, string> = {
  critical: '9.5',
  high: '8.0',
  medium: '5.5',
  low: '3.0',
  info: '1.0',
};

export type SarifLevel = 'error' | 'warning' | 'note';

export function sarifLevel(severity: Severity): SarifLevel {
  if (severity === 'critical' || severity === 'high') return 'error';
  if (severity === 'medium') return 'warning';
  return 'note';
}

export interface SarifOptions {
  /** Every rule that may have run; the ones for the input's providers are listed. */
  rules: readonly CompiledRule[];
  version: string;
}

/** The severity a rule states before any condition lowers or raises it. */
function ruleLevel(rule: Rule): Severity {
  return typeof rule.severity === 'string' ? rule.severity : rule.severity.level;
}

function helpText(rule: Rule): string {
  const lines: string[] = [];
  const steps = rule.fix.console ?? [];
  if (steps.length) {
    lines.push('In the console:');
    steps.forEach((s, i) => lines.push(`${i + 1}. ${s}`));
  }
  const first = rule.fix.cli.find((s): s is Extract<typeof s, { run: string }> => 'run' in s);
  if (first) {
    if (lines.length) lines.push('');
    lines.push('With the CLI (first step; placeholders in braces):', first.run);
  }
  return lines.join('\n') || rule.title;
}

function descriptor(rule: Rule) {
  const level = ruleLevel(rule);
  return {
    id: rule.id,
    name: rule.id,
    shortDescription: { text: rule.title },
    fullDescription: { text: rule.rationale },
    help: { text: helpText(rule) },
    defaultConfiguration: { level: sarifLevel(level) },
    properties: {
      tags: [rule.category, ...rule.references],
      'security-severity': SECURITY_SEVERITY[level],
      provider: rule.provider,
    },
  };
}

/** A stable hash of rule id, resource id and item. */
export function fingerprint(f: Pick<Finding, 'ruleId' | 'resourceId' | 'item'>): string {
  return createHash('sha256').update(`${f.ruleId}\u0000${f.resourceId}\u0000${f.item ?? ''}`).digest('hex').slice(0, 32);
}

/**
 * The input file a resource was read from ("file: a.json#Reservations[0]…" → a.json), as a URI
 * reference; matched against the input names, so a "#" in a file name is kept.
 */
function artifactUri(r: ResourceSnapshot | undefined, inputs: readonly string[]): string | undefined {
  const source = r?.sources?.[r.provider];
  if (!source?.startsWith('file: ')) return undefined;
  const rest = source.slice('file: '.length);
  const file = inputs
    .filter((f) => f !== '-' && (rest === f || rest.startsWith(`${f}#`)))
    .sort((a, b) => b.length - a.length)[0];
  if (!file) return undefined;
  if (isAbsolute(file)) return pathToFileURL(file).href;
  return file.split(/[\\/]/).map(encodeURIComponent).join('/');
}

export function toSarif(result: ScanResult, options: SarifOptions) {
  const ran = new Set(Object.values(result.rulesByProvider).flat());
  const rules = options.rules.filter((c) => ran.has(c.rule.id)).map((c) => c.rule);
  const index = new Map(rules.map((r, i) => [r.id, i] as const));
  const inputFiles = result.inputs.map((i) => i.file);
  const resources = new Map(result.resources.map((r) => [`${r.provider} ${r.id}`, r] as const));

  const results = result.findings
    .filter((f) => f.status === 'fail')
    .map((f) => {
      const r = resources.get(`${f.provider} ${f.resourceId}`);
      const uri = artifactUri(r, inputFiles);
      const location: Record<string, unknown> = {
        logicalLocations: [
          {
            name: f.resourceId,
            kind: 'resource',
            fullyQualifiedName: `${f.provider}:${f.resourceId}${f.item ? `/${f.item}` : ''}`,
          },
        ],
      };
      if (uri) location.physicalLocation = { artifactLocation: { uri } };
      const out: Record<string, unknown> = {
        ruleId: f.ruleId,
        level: sarifLevel(f.severity),
        message: { text: f.item ? `${f.title}: ${f.item}` : f.title },
        locations: [location],
        partialFingerprints: { 'vmlint/v1': fingerprint(f) },
        properties: {
          severity: f.severity,
          'security-severity': SECURITY_SEVERITY[f.severity],
          resourceId: f.resourceId,
          provider: f.provider,
          ...(f.item ? { item: f.item } : {}),
        },
      };
      const i = index.get(f.ruleId);
      if (i !== undefined) out.ruleIndex = i;
      return out;
    });

  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'vmlint',
            version: options.version,
            ...(/^\d+\.\d+\.\d+/.test(options.version) ? { semanticVersion: options.version } : {}),
            rules: rules.map(descriptor),
          },
        },
        invocations: [
          {
            executionSuccessful: true,
            toolExecutionNotifications: result.notes.map((text) => ({ level: 'note', message: { text } })),
          },
        ],
        results,
      },
    ],
  };
}

export function formatSarif(result: ScanResult, options: SarifOptions): string {
  return `${JSON.stringify(toSarif(result, options), null, 2)}\n`;
}
