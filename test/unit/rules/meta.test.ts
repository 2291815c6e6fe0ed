/**
 * Meta-test over every bundled rule file (DESIGN.md "Rules", spec/rules.md §1, §3, §5): the things a
 * rule's own examples cannot show. Ids, titles, severities and categories follow the conventions;
 * critical/high rules carry console steps and a Terraform hint; every field path a rule's CEL reads
 * exists in the snapshot schema (a typo would read as "unknown" forever); every fix placeholder is
 * one the renderer can fill; the AWS rule set is exactly the spec's, and every AWS semantics line of
 * spec §4 is proved by some example.
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadAliases } from '../../../src/engine/aliases';
import type { CompiledRule } from '../../../src/engine/compile';
import { loadRulesFromDir } from '../../../src/engine/load-rules-fs';
import { elementFields, schemaPathProblem } from '../../../src/engine/schema-paths';
import type { Rule } from '../../../src/model/rule';
import { ResourceSnapshot, VmSnapshot, type Provider } from '../../../src/model/snapshot';
import { AWS_TEMPLATE_NAMES } from '../../../src/providers/aws/template-vars';
import { GCP_TEMPLATE_NAMES } from '../../../src/providers/gcp/template-vars';
import { AZURE_TEMPLATE_NAMES } from '../../../src/providers/azure/template-vars';
import { templateVarsFor } from '../../../src/providers/template-vars';

const REPO = fileURLToPath(new URL('../../..', import.meta.url));
const RULES_DIR = join(REPO, 'rules');
/**
 * The rule catalog lives beside the repository (`../shared/spec/rules.md` from its root). Where it
 * is present the tests read it; a clean CI checkout has only the repository, so the AWS ids and
 * semantics lines are also written out below, and checked against the catalog whenever it exists.
 */
const SPEC_FILE = join(REPO, '../shared/spec/rules.md');
const HAVE_SPEC = existsSync(SPEC_FILE);
const SPEC_AWS_IDS = [
  'aws-ec2-imdsv2-required',
  'aws-ec2-imds-hop-limit-max-1',
  'aws-ec2-no-public-ipv4',
  'aws-ec2-instance-profile-attached',
  'aws-ec2-public-instance-no-instance-profile',
  'aws-ebs-volumes-encrypted',
  'aws-ebs-default-encryption-enabled',
  'aws-ec2-detailed-monitoring-enabled',
  'aws-ec2-termination-protection-enabled',
  'aws-sg-ssh-not-public',
  'aws-sg-rdp-not-public',
  'aws-sg-all-ports-not-public',
  'aws-sg-db-ports-not-public',
  'aws-sg-admin-ports-not-public',
  'aws-sg-default-group-no-rules',
  'aws-ec2-source-dest-check-enabled',
  'aws-ec2-user-data-no-secrets',
  'aws-ec2-hvm-virtualization',
  'aws-ec2-stopped-max-30-days',
  'aws-ec2-single-eni',
  'aws-ec2-restarted-within-180-days',
];
/** Spec §4 lines under "All clouds", "AWS" and "Secrets". */
const SPEC_AWS_SEMANTICS = [...Array.from({ length: 17 }, (_, i) => `S${i + 1}`), 'S29', 'S30'];
const SPEC_GCP_IDS = [
  'gcp-vm-no-default-service-account',
  'gcp-vm-default-sa-no-full-scope',
  'gcp-vm-block-project-ssh-keys',
  'gcp-vm-os-login-enabled',
  'gcp-vm-serial-port-disabled',
  'gcp-vm-ip-forwarding-disabled',
  'gcp-vm-shielded-vtpm-integrity',
  'gcp-vm-shielded-secure-boot',
  'gcp-vm-no-external-ip',
  'gcp-vm-confidential-computing',
  'gcp-disk-customer-managed-key',
  'gcp-vm-deletion-protection',
  'gcp-fw-ssh-not-public',
  'gcp-fw-rdp-not-public',
  'gcp-fw-all-ports-not-public',
  'gcp-fw-db-ports-not-public',
  'gcp-fw-admin-ports-not-public',
  'gcp-vm-metadata-no-secrets',
  'gcp-vm-os-config-enabled',
  'gcp-subnet-flow-logs-enabled',
];
/** Spec §4 lines under "GCP" (S18–S28). */
const SPEC_GCP_SEMANTICS = Array.from({ length: 11 }, (_, i) => `S${i + 18}`);
const SPEC_AZURE_IDS = [
  'azure-vm-trusted-launch-enabled',
  'azure-vm-encryption-at-host',
  'azure-vm-managed-disks',
  'azure-disk-customer-managed-key',
  'azure-disk-no-public-network-access',
  'azure-vm-linux-password-auth-disabled',
  'azure-vm-no-public-ip',
  'azure-nic-ip-forwarding-disabled',
  'azure-vm-nsg-associated',
  'azure-nsg-ssh-not-public',
  'azure-nsg-rdp-not-public',
  'azure-nsg-udp-not-public',
  'azure-nsg-all-ports-not-public',
  'azure-nsg-db-ports-not-public',
  'azure-nsg-admin-ports-not-public',
  'azure-vm-user-data-no-secrets',
  'azure-vm-boot-diagnostics-enabled',
  'azure-vm-monitoring-agent-installed',
  'azure-vm-automatic-os-patching',
  'azure-vm-periodic-patch-assessment',
];
/** Spec §4 lines under "Azure" (S31–S41). */
const SPEC_AZURE_SEMANTICS = Array.from({ length: 11 }, (_, i) => `S${i + 31}`);

const rules = loadRulesFromDir(RULES_DIR, REPO);

// The fixed lists of DESIGN.md / spec §1, written out here so a schema change cannot widen them.
const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'];
const CATEGORIES = ['access-control', 'network-security', 'patch-management', 'encryption', 'monitoring-logging'];

/** A title states the secure state, not an instruction or a question. */
const INSTRUCTION = /^(ensure|check|verify|detect|avoid|disable|enable|make sure)\b/i;
const STATE_VERB =
  /\b(is|are|was|were|has|have|holds?|requires?|uses?|admits?|carries|carry|travels?|stays?|keeps?|runs?|blocks?|allows?|denies|deny|matches|match|reaches|reach|points?|belongs?|lacks?|contains?|exposes?|enforces?|protects?)\b/i;

/** Template names each provider's renderer fills from the snapshot (spec §1 "Placeholders"). */
const KNOWN_NAMES: Record<Provider, ReadonlySet<string>> = {
  aws: AWS_TEMPLATE_NAMES,
  gcp: GCP_TEMPLATE_NAMES,
  azure: AZURE_TEMPLATE_NAMES,
};
const PLACEHOLDER = /\{([A-Za-z][\w.]*)\}/g;

/**
 * Known gaps, each a real defect to fix (then delete the entry: the tests below fail on a stale
 * entry). Keep these minimal and truthful.
 */
const UNFILLABLE_PLACEHOLDERS: Record<string, { names: string[]; why: string }> = {};
const MALFORMED_REFERENCES: Record<string, string> = {};

/**
 * AWS semantics lines of spec §4 that no rule example can show, with the test that proves them.
 * S12 is NOT here: aws-ec2-imdsv2-required's example "tokens required, endpoint defaulted to
 * enabled" cites it (the normaliser's HttpEndpoint default is what produces that snapshot).
 */
const SEMANTICS_PROVED_ELSEWHERE: Record<string, { why: string; test: string }> = {
  S8: {
    why: 'a snapshot only ever holds the groups attached to its VM, so "an open SG elsewhere" cannot be written as a rule example',
    test: 'test/unit/rules/s8-attached-only.test.ts',
  },
};

// ---------------------------------------------------------------------------------------------

function specText(): string {
  return readFileSync(SPEC_FILE, 'utf8');
}

/** Text from a heading line matching `start` up to the next heading of the same or higher level. */
function section(text: string, start: RegExp): string {
  const lines = text.split('\n');
  const i = lines.findIndex((l) => start.test(l));
  if (i < 0) throw new Error(`spec: no heading matching ${start}`);
  const level = /^#+/.exec(lines[i])![0].length;
  const end = lines.findIndex((l, j) => j > i && /^#+ /.test(l) && /^#+/.exec(l)![0].length <= level);
  return lines.slice(i + 1, end < 0 ? undefined : end).join('\n');
}

/** Rule ids of the spec §3 table for a provider. */
function specRuleIds(providerHeading: RegExp, provider: string): string[] {
  const body = section(section(specText(), /^## 3\. Rules/), providerHeading);
  return [...body.matchAll(new RegExp(`^\\| \`(${provider}-[a-z0-9-]+)\` \\|`, 'gm'))].map((m) => m[1]);
}

/** S-line ids of spec §4 under the bold sub-headings given (e.g. "All clouds", "AWS", "Secrets"). */
function specSemantics(groups: string[]): string[] {
  const body = section(specText(), /^## 4\. /);
  const out: string[] = [];
  let group = '';
  for (const line of body.split('\n')) {
    const head = /^\*\*(.+)\*\*\s*$/.exec(line.trim());
    if (head) group = head[1];
    const s = /^- \*\*(S\d+)\*\*/.exec(line.trim());
    if (s && groups.includes(group)) out.push(s[1]);
  }
  return out;
}

function levels(rule: Rule): string[] {
  if (typeof rule.severity === 'string') return [rule.severity];
  return [rule.severity.level, ...(rule.severity.when ?? []).map((w) => w.level)];
}

function placeholders(rule: Rule): string[] {
  const names = new Set<string>();
  for (const step of rule.fix.cli) {
    for (const text of ['run' in step ? step.run : undefined, step.note]) {
      for (const m of (text ?? '').matchAll(PLACEHOLDER)) names.add(m[1]);
    }
  }
  return [...names];
}

/** Names the engine can fill for this rule: the provider's snapshot values, the item's fields. */
function fillable(c: CompiledRule): { known: Set<string>; provided: Set<string> } {
  const itemFields = c.itemPath ? elementFields(ResourceSnapshot, c.itemPath) : [];
  const snap = VmSnapshot.parse({ kind: 'vm', provider: c.rule.provider, id: 'x' });
  return {
    known: new Set([...KNOWN_NAMES[c.rule.provider], ...itemFields]),
    provided: new Set([...Object.keys(templateVarsFor(snap)), ...itemFields]),
  };
}

function referenceProblems(rule: Rule): string[] {
  return rule.references.flatMap((ref) => {
    const problems: string[] = [];
    const opens = (ref.match(/\(/g) ?? []).length;
    const closes = (ref.match(/\)/g) ?? []).length;
    if (opens !== closes) problems.push(`"${ref}": unbalanced parentheses`);
    if (!/^(CIS (AWS|GCP|Azure) |FSBP |Prowler |CKV2?_[A-Z]+_\d+$)/.test(ref)) problems.push(`"${ref}": not CIS <cloud> …, FSBP …, Prowler … or CKV_…`);
    return problems;
  });
}

// ---------------------------------------------------------------------------------------------

describe('bundled rule files', () => {
  it('there are rules, and every id is unique', () => {
    expect(rules.length).toBeGreaterThan(0);
    const ids = rules.map((c) => c.rule.id);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
  });

  it.skipIf(!HAVE_SPEC)('the AWS ids and semantics lines written out here are those of spec/rules.md', () => {
    const spec = specRuleIds(/^### AWS/, 'aws');
    expect(spec).toHaveLength(21);
    expect(spec).toEqual(SPEC_AWS_IDS);
    expect(specSemantics(['All clouds', 'AWS', 'Secrets'])).toEqual(SPEC_AWS_SEMANTICS);
  });

  it('the AWS rules are exactly the 21 of spec/rules.md §3', () => {
    const spec = HAVE_SPEC ? specRuleIds(/^### AWS/, 'aws') : SPEC_AWS_IDS;
    const ours = rules.filter((c) => c.rule.provider === 'aws').map((c) => c.rule.id);
    expect([...ours].sort()).toEqual([...spec].sort());
  });

  it('every AWS semantics line of spec §4 (S1–S17, S29–S30) is proved by an AWS rule example', () => {
    const lines = HAVE_SPEC ? specSemantics(['All clouds', 'AWS', 'Secrets']) : SPEC_AWS_SEMANTICS;
    const cited = new Set(
      rules
        .filter((c) => c.rule.provider === 'aws')
        .flatMap((c) => Object.values(c.rule.examples).flatMap((list) => (list ?? []).flatMap((ex) => ex.spec ?? []))),
    );
    const missing = lines.filter((s) => !cited.has(s) && !(s in SEMANTICS_PROVED_ELSEWHERE));
    expect(missing, 'add an example citing it (spec: [Sn]) to the rule it concerns').toEqual([]);
    // The exceptions stay truthful: none is cited by an example after all, and each names its proof.
    for (const [s, { test }] of Object.entries(SEMANTICS_PROVED_ELSEWHERE)) {
      expect(cited.has(s), `${s} is cited by an example now: drop it from SEMANTICS_PROVED_ELSEWHERE`).toBe(false);
      const file = join(REPO, test);
      expect(existsSync(file), `${s}: ${test} does not exist`).toBe(true);
      expect(readFileSync(file, 'utf8')).toContain(s);
    }
  });

  it.skipIf(!HAVE_SPEC)('examples cite only semantics lines of their own cloud (or all clouds / secrets)', () => {
    const own: Record<Provider, Set<string>> = {
      aws: new Set(specSemantics(['All clouds', 'AWS', 'Secrets'])),
      gcp: new Set(specSemantics(['All clouds', 'GCP', 'Secrets'])),
      azure: new Set(specSemantics(['All clouds', 'Azure', 'Secrets'])),
    };
    const wrong = rules.flatMap((c) =>
      Object.values(c.rule.examples).flatMap((list) =>
        (list ?? []).flatMap((ex) => (ex.spec ?? []).filter((s) => !own[c.rule.provider].has(s)).map((s) => `${c.rule.id} "${ex.name}": ${s}`)),
      ),
    );
    expect(wrong).toEqual([]);
  });

  it.skipIf(!HAVE_SPEC)('the GCP ids and semantics lines written out here are those of spec/rules.md', () => {
    const spec = specRuleIds(/^### GCP/, 'gcp');
    expect(spec).toHaveLength(20);
    expect(spec).toEqual(SPEC_GCP_IDS);
    expect(specSemantics(['GCP'])).toEqual(SPEC_GCP_SEMANTICS);
  });

  it('the GCP rules are exactly the 20 of spec/rules.md §3', () => {
    const spec = HAVE_SPEC ? specRuleIds(/^### GCP/, 'gcp') : SPEC_GCP_IDS;
    const ours = rules.filter((c) => c.rule.provider === 'gcp').map((c) => c.rule.id);
    expect([...ours].sort()).toEqual([...spec].sort());
  });

  it('every GCP semantics line of spec §4 (S18–S28) is proved by a GCP rule example', () => {
    const lines = HAVE_SPEC ? specSemantics(['GCP']) : SPEC_GCP_SEMANTICS;
    const cited = new Set(
      rules
        .filter((c) => c.rule.provider === 'gcp')
        .flatMap((c) => Object.values(c.rule.examples).flatMap((list) => (list ?? []).flatMap((ex) => ex.spec ?? []))),
    );
    expect(lines.filter((s) => !cited.has(s)), 'add an example citing it (spec: [Sn]) to the rule it concerns').toEqual([]);
  });

  it.skipIf(!HAVE_SPEC)('the Azure ids and semantics lines written out here are those of spec/rules.md', () => {
    const spec = specRuleIds(/^### Azure/, 'azure');
    expect(spec).toHaveLength(20);
    expect(spec).toEqual(SPEC_AZURE_IDS);
    expect(specSemantics(['Azure'])).toEqual(SPEC_AZURE_SEMANTICS);
  });

  it('the Azure rules are exactly the 20 of spec/rules.md §3', () => {
    const spec = HAVE_SPEC ? specRuleIds(/^### Azure/, 'azure') : SPEC_AZURE_IDS;
    const ours = rules.filter((c) => c.rule.provider === 'azure').map((c) => c.rule.id);
    expect([...ours].sort()).toEqual([...spec].sort());
  });

  it('every Azure semantics line of spec §4 (S31–S41) is proved by an Azure rule example', () => {
    const lines = HAVE_SPEC ? specSemantics(['Azure']) : SPEC_AZURE_SEMANTICS;
    const cited = new Set(
      rules
        .filter((c) => c.rule.provider === 'azure')
        .flatMap((c) => Object.values(c.rule.examples).flatMap((list) => (list ?? []).flatMap((ex) => ex.spec ?? []))),
    );
    expect(lines.filter((s) => !cited.has(s)), 'add an example citing it (spec: [Sn]) to the rule it concerns').toEqual([]);
  });

  it('rules/aliases.yaml is valid against the bundled ids', () => {
    const text = readFileSync(join(RULES_DIR, 'aliases.yaml'), 'utf8');
    const aliases = loadAliases(text, rules.map((c) => c.rule.id));
    expect(Object.keys(aliases).length).toBeGreaterThan(0);
  });

  it('the known-gap lists name existing rules only', () => {
    const ids = new Set(rules.map((c) => c.rule.id));
    for (const id of [...Object.keys(UNFILLABLE_PLACEHOLDERS), ...Object.keys(MALFORMED_REFERENCES)]) expect(ids.has(id), id).toBe(true);
  });
});

describe.each(rules.map((c) => [c.rule.id, c] as const))('%s', (id, c) => {
  const { rule } = c;

  it('id equals the file name, sits in rules/<provider>/ and starts with the provider', () => {
    const rel = relative(RULES_DIR, join(REPO, c.file));
    expect(basename(c.file).replace(/\.ya?ml$/, '')).toBe(id);
    expect(dirname(rel).split(sep)[0]).toBe(rule.provider);
    expect(id.startsWith(`${rule.provider}-`)).toBe(true);
    expect(id).toMatch(/^[a-z0-9]+(-[a-z0-9]+){2,}$/);
  });

  it('title states the secure state', () => {
    expect(rule.title).not.toMatch(INSTRUCTION);
    expect(rule.title.trim().endsWith('?')).toBe(false);
    expect(rule.title, 'a verb of state: is, are, has, holds, requires, uses, admits, …').toMatch(STATE_VERB);
    expect(rule.title).toBe(rule.title.trim());
    expect(rule.title[0]).toBe(rule.title[0].toUpperCase());
  });

  it('severity and category come from the fixed lists', () => {
    for (const level of levels(rule)) expect(SEVERITIES).toContain(level);
    expect(CATEGORIES).toContain(rule.category);
  });

  it('has a CLI fix; critical/high (at any level) also console steps and a Terraform hint (spec §5)', () => {
    expect(rule.fix.cli.some((s) => 'run' in s && s.run)).toBe(true);
    if (levels(rule).some((l) => l === 'critical' || l === 'high')) {
      expect(rule.fix.console?.length ?? 0).toBeGreaterThan(0);
      expect(rule.fix.terraform ?? '').not.toBe('');
    }
  });

  it('has pass, fail and unknown examples', () => {
    for (const kind of ['pass', 'fail', 'unknown'] as const) expect(rule.examples[kind]?.length ?? 0).toBeGreaterThan(0);
  });

  it('every field path its CEL reads exists in the snapshot schema', () => {
    // check/applies/complete, items, evidence, severity conditions and fix-step conditions.
    expect(c.readPaths.length).toBeGreaterThan(0);
    const problems = c.readPaths.map((p) => schemaPathProblem(ResourceSnapshot, p)).filter((p) => p !== null);
    expect(problems).toEqual([]);
    if (rule.items) expect(c.itemPath, 'items must be a list of snapshot elements').not.toBeNull();
  });

  it('its anchor (the setting a badge sits beside) exists in the snapshot schema', () => {
    if (c.anchor === undefined) return;
    expect(schemaPathProblem(ResourceSnapshot, `vm.${c.anchor}`)).toBeNull();
  });

  it('every fix placeholder is a template name, a field of the item, or user.*', () => {
    const { known } = fillable(c);
    const unknownNames = placeholders(rule).filter((n) => !n.startsWith('user.') && !known.has(n));
    expect(unknownNames, `not known to the ${rule.provider} renderer (it would print them as literal text)`).toEqual([]);
  });

  it('every non-user placeholder can actually be filled from a snapshot', () => {
    const { provided } = fillable(c);
    const never = placeholders(rule).filter((n) => !n.startsWith('user.') && !provided.has(n));
    const gap = UNFILLABLE_PLACEHOLDERS[id];
    if (gap) expect(never, `known gap fixed? drop ${id} from UNFILLABLE_PLACEHOLDERS`).toEqual(gap.names);
    else expect(never).toEqual([]);
  });

  it('references are well-formed', () => {
    const problems = referenceProblems(rule);
    if (MALFORMED_REFERENCES[id]) expect(problems.length, `fixed? drop ${id} from MALFORMED_REFERENCES`).toBeGreaterThan(0);
    else expect(problems).toEqual([]);
  });
});
