/** Command-line parsing: `vmlint scan [--format text|json|sarif|markdown] [options] FILE...`, `vmlint --help`. */
import { SEVERITIES, type Severity } from '../model/rule';
import { UsageError } from './errors';

export const FORMATS = ['text', 'json', 'sarif', 'markdown'] as const;
export type Format = (typeof FORMATS)[number];

export interface ScanCommand {
  kind: 'scan';
  format: Format;
  now?: string;
  files: string[];
  /** Findings below this effective severity are left out of the report and the exit status. */
  minSeverity?: Severity;
  /** Exit 1 only when a failing finding is at or above this severity (default: any failure). */
  failOn?: Severity;
  /** Rule ids (or old, aliased ids) not to run. */
  disable: string[];
  /** Directories of extra rule files. */
  rulesDirs: string[];
}

export type Command = { kind: 'help' } | { kind: 'version' } | ScanCommand;

export const USAGE =
  'vmlint scan [--format text|json|sarif|markdown] [--min-severity SEV] [--fail-on SEV] [--disable RULE]... [--rules DIR]... [--now ISO-TIME] FILE...';

export const HELP = `vmlint: checks cloud VM security settings against vmlint's rules.

Usage:
  ${USAGE}
  vmlint --help | --version

scan reads the JSON the clouds' own CLIs print and checks every VM in it. Give an
instance listing together with the files that describe what is attached to it; they are
joined by id. For AWS:
  aws ec2 describe-instances --output json        > instances.json
  aws ec2 describe-security-groups --output json  > sgs.json
  aws ec2 describe-volumes --output json          > volumes.json
  vmlint scan instances.json sgs.json volumes.json
Also read: describe-security-group-rules, describe-instance-attribute (userData,
disableApiTermination), get-ebs-encryption-by-default, describe-addresses,
describe-iam-instance-profile-associations. A setting that no file shows is "unknown",
never a failure. FILE "-" reads standard input.

Options:
  --format FORMAT     text (default): failing findings per VM, worst first, with the
                      first fix command. json: every finding (fail, pass, unknown,
                      not-applicable) with evidence and the rendered fix. sarif: SARIF
                      2.1.0 for code-scanning uploads (failing findings as results, every
                      rule that ran as a rule). markdown: a table per VM, worst first,
                      for a pull-request comment.
  --min-severity SEV  leave out findings below SEV (critical, high, medium, low, info),
                      in the report and in the exit status
  --fail-on SEV       exit 1 only when a failing finding is SEV or worse (default: any
                      failing finding)
  --disable RULE      do not run rule RULE (an old, renamed id works too); repeatable
  --rules DIR         also run the rule files (*.yaml) below DIR, validated as the bundled
                      ones are (schema, CEL, examples); repeatable. A bad rule file exits 2
                      naming the file.
  --now ISO-TIME      the time the age rules count from (default: the current time)
  -h, --help          this help
  --version           the version

Exit status: 0 nothing fails (at or above --fail-on), 1 something fails, 2 bad input,
bad rule file or usage.
Colour only when standard output is a terminal and NO_COLOR is not set.

In CI, e.g.: vmlint scan --fail-on high --format sarif instances.json sgs.json > vmlint.sarif
`;

function formatOf(value: string | undefined): Format {
  if (value === undefined || value === '') throw new UsageError(`--format needs a value: ${FORMATS.join(' or ')}`);
  if (!(FORMATS as readonly string[]).includes(value)) {
    throw new UsageError(`unknown format "${value}" (${FORMATS.join(' or ')})`);
  }
  return value as Format;
}

function severityOf(option: string, value: string | undefined): Severity {
  if (value === undefined || value === '') throw new UsageError(`${option} needs a severity: ${SEVERITIES.join(', ')}`);
  const v = value.toLowerCase();
  if (!(SEVERITIES as readonly string[]).includes(v)) {
    throw new UsageError(`${option}: unknown severity "${value}" (${SEVERITIES.join(', ')})`);
  }
  return v as Severity;
}

function nonEmpty(option: string, what: string, value: string | undefined): string {
  if (value === undefined || value === '') throw new UsageError(`${option} needs ${what}`);
  return value;
}

function nowOf(value: string | undefined): string {
  if (value === undefined || value === '') throw new UsageError('--now needs an ISO time, e.g. 2025-01-31T12:00:00Z');
  // A date-time or a date; Date.parse alone accepts too much ("1", "March 7").
  if (!/^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/i.test(value)) {
    throw new UsageError(`--now "${value}" is not an ISO time (e.g. 2025-01-31T12:00:00Z)`);
  }
  const t = Date.parse(value);
  if (Number.isNaN(t)) throw new UsageError(`--now "${value}" is not a valid time`);
  return new Date(t).toISOString();
}

export function parseArgs(argv: readonly string[]): Command {
  if (argv.length === 0) throw new UsageError(`no command given (usage: ${USAGE}; see vmlint --help)`);
  const [command, ...rest] = argv;
  if (command === '-h' || command === '--help' || command === 'help') return { kind: 'help' };
  if (command === '--version' || command === '-v') return { kind: 'version' };
  if (command !== 'scan') {
    throw new UsageError(`unknown command "${command}" (usage: ${USAGE}; see vmlint --help)`);
  }

  let format: Format = 'text';
  let now: string | undefined;
  let minSeverity: Severity | undefined;
  let failOn: Severity | undefined;
  const disable: string[] = [];
  const rulesDirs: string[] = [];
  const files: string[] = [];
  let optionsDone = false;
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    if (optionsDone || arg === '-' || !arg.startsWith('-')) {
      files.push(arg);
      continue;
    }
    if (arg === '--') {
      optionsDone = true;
      continue;
    }
    if (arg === '-h' || arg === '--help') return { kind: 'help' };
    const eq = arg.indexOf('=');
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    const inline = eq > 0 ? arg.slice(eq + 1) : undefined;
    const value = () => {
      if (inline !== undefined) return inline;
      const next = rest[i + 1];
      if (next === undefined || (next.startsWith('--') && next.length > 2)) return undefined;
      i++;
      return next;
    };
    switch (name) {
      case '--format':
      case '-f':
        format = formatOf(value());
        break;
      case '--now':
        now = nowOf(value());
        break;
      case '--min-severity':
        minSeverity = severityOf(name, value());
        break;
      case '--fail-on':
        failOn = severityOf(name, value());
        break;
      case '--disable':
        disable.push(nonEmpty(name, 'a rule id', value()));
        break;
      case '--rules':
        rulesDirs.push(nonEmpty(name, 'a directory of rule files', value()));
        break;
      default:
        throw new UsageError(`unknown option "${name}" (see vmlint --help)`);
    }
  }
  if (files.length === 0) throw new UsageError(`no FILE given (usage: ${USAGE})`);
  return { kind: 'scan', format, now, files, minSeverity, failOn, disable, rulesDirs };
}
