/** Command-line parsing: `vmlint scan [--format text|json] [--now ISO] FILE...`, `vmlint --help`. */
import { UsageError } from './errors';

export const FORMATS = ['text', 'json'] as const;
export type Format = (typeof FORMATS)[number];

export type Command =
  | { kind: 'help' }
  | { kind: 'version' }
  | { kind: 'scan'; format: Format; now?: string; files: string[] };

export const USAGE = 'vmlint scan [--format text|json] [--now ISO-TIME] FILE...';

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
  --format text|json  text (default): failing findings per VM, worst first, with the
                      first fix command. json: every finding (fail, pass, unknown,
                      not-applicable) with evidence and the rendered fix.
  --now ISO-TIME      the time the age rules count from (default: the current time)
  -h, --help          this help
  --version           the version

Exit status: 0 nothing fails, 1 something fails, 2 bad input or usage.
Colour only when standard output is a terminal and NO_COLOR is not set.
`;

function formatOf(value: string | undefined): Format {
  if (value === undefined || value === '') throw new UsageError(`--format needs a value: ${FORMATS.join(' or ')}`);
  if (!(FORMATS as readonly string[]).includes(value)) {
    throw new UsageError(`unknown format "${value}" (${FORMATS.join(' or ')})`);
  }
  return value as Format;
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
      default:
        throw new UsageError(`unknown option "${name}" (see vmlint --help)`);
    }
  }
  if (files.length === 0) throw new UsageError(`no FILE given (usage: ${USAGE})`);
  return { kind: 'scan', format, now, files };
}
