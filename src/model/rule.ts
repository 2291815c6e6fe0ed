/**
 * A rule is data (rules/<provider>/<id>.yaml): the bundled rules, an organisation's own rules and
 * the CLI all use this one schema, and no code is ever evaluated from a string. Expressions are CEL.
 */
import { z } from 'zod';
import { Provider } from './snapshot';

export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;
export const Severity = z.enum(SEVERITIES);
export type Severity = z.infer<typeof Severity>;

export const CATEGORIES = [
  'access-control',
  'network-security',
  'patch-management',
  'encryption',
  'monitoring-logging',
] as const;
export const Category = z.enum(CATEGORIES);
export type Category = z.infer<typeof Category>;

const Cel = z.string().trim().min(1, 'an empty CEL expression');

export const SeveritySpec = z.union([
  Severity,
  z
    .object({
      level: Severity,
      /** spec ↓: one level lower when the resource provably has no public address. */
      lowerWhenNotPublic: z.boolean().optional(),
      /** First matching condition sets the level (spec "fail at info", "high while …"). */
      when: z.array(z.object({ if: Cel, level: Severity })).optional(),
    })
    .strict(),
]);
export type SeveritySpec = z.infer<typeof SeveritySpec>;

export const CliStep = z.union([
  z
    .object({
      run: z.string().min(1),
      /** Stop, terminate, delete, recreate: commented out in "copy all". */
      disruptive: z.boolean().optional(),
      /** Only shown when this CEL holds (e.g. Elastic IP versus auto-assigned address). */
      when: Cel.optional(),
      note: z.string().optional(),
    })
    .strict(),
  z.object({ note: z.string().min(1), when: Cel.optional() }).strict(),
]);
export type CliStep = z.infer<typeof CliStep>;

export const Fix = z
  .object({
    cli: z.array(CliStep).min(1, 'fix.cli needs at least one step'),
    console: z.array(z.string().min(1)).optional(),
    terraform: z.string().min(1).optional(),
  })
  .strict();
export type Fix = z.infer<typeof Fix>;

/** A partial snapshot: the test fills kind/provider/id when absent. */
export const RuleExample = z
  .object({
    name: z.string().min(1),
    /** Spec semantics lines this example proves (S1 … S41). */
    spec: z.array(z.string().regex(/^S\d+$/)).optional(),
    resource: z.record(z.string(), z.unknown()),
    /** Expected effective severity of the failing finding(s). */
    severity: Severity.optional(),
    /** Expected failing items (ids), in any order, when the rule judges items. */
    items: z.array(z.string()).optional(),
    /** "now" for time-based rules (ISO). */
    now: z.string().optional(),
  })
  .strict();
export type RuleExample = z.infer<typeof RuleExample>;

export const Rule = z
  .object({
    id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)+$/, 'ids are kebab-case <provider>-<service>-<state>'),
    provider: Provider,
    kind: z.enum(['vm']).default('vm'),
    title: z.string().min(8),
    severity: SeveritySpec,
    category: Category,
    rationale: z.string().min(20),
    references: z.array(z.string().min(2)),
    applies: Cel.optional(),
    items: Cel.optional(),
    /** With `items`: CEL that is true when the list is the whole list (else a clean list is unknown). */
    complete: Cel.optional(),
    check: Cel,
    /** The setting a badge sits beside (a snapshot path); defaults to the first one `check` reads. */
    anchor: z.string().regex(/^[a-zA-Z][\w.\[\]]*$/).optional(),
    /** Extra evidence (CEL giving a string or a list of strings), e.g. masked secret matches. */
    evidence: Cel.optional(),
    fix: Fix,
    examples: z
      .object({
        pass: z.array(RuleExample).min(1, 'examples.pass needs at least one example'),
        fail: z.array(RuleExample).min(1, 'examples.fail needs at least one example'),
        unknown: z.array(RuleExample).min(1, 'examples.unknown needs at least one example'),
        'not-applicable': z.array(RuleExample).optional(),
      })
      .strict(),
  })
  .strict();
export type Rule = z.infer<typeof Rule>;
export type RuleInput = z.input<typeof Rule>;
