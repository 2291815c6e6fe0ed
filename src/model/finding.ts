/** A verdict of one rule on one resource (or on one item of it). */
import { z } from 'zod';
import { Category, Severity } from './rule';
import { Provider } from './snapshot';

export const Status = z.enum(['fail', 'pass', 'unknown', 'not-applicable']);
export type Status = z.infer<typeof Status>;

export const Evidence = z.object({
  /** Field path in the snapshot, items as `aws.securityGroups[sg-1].inbound[sgr-2].source`. */
  path: z.string(),
  value: z.unknown(),
  /** Where the value was read (page label, API field, file path). */
  source: z.string().optional(),
});
export type Evidence = z.infer<typeof Evidence>;

export const RenderedStep = z.object({
  /** A shell command (POSIX-quoted values) or, for a note step, a comment text. */
  command: z.string().optional(),
  note: z.string().optional(),
  disruptive: z.boolean(),
  /** Placeholders left as written: `{user.x}` (the user's choice) or values not known. */
  unfilled: z.array(z.string()),
});
export type RenderedStep = z.infer<typeof RenderedStep>;

export const RenderedFix = z.object({
  cli: z.array(RenderedStep),
  console: z.array(z.string()),
  terraform: z.string().optional(),
});
export type RenderedFix = z.infer<typeof RenderedFix>;

export const Finding = z.object({
  ruleId: z.string(),
  resourceId: z.string(),
  provider: Provider,
  item: z.string().optional(),
  /** The setting this finding is about (snapshot path), so the page can put the badge beside it. */
  anchor: z.string().optional(),
  status: Status,
  severity: Severity,
  title: z.string(),
  category: Category,
  /** Why the rule matters (from the rule), for tips and reports. */
  rationale: z.string().optional(),
  evidence: z.array(Evidence),
  fix: RenderedFix.optional(),
  /** Why the verdict is unknown / not-applicable, or the evaluation error. */
  reason: z.string().optional(),
});
export type Finding = z.infer<typeof Finding>;
