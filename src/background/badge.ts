/** The toolbar badge: the failing count, coloured by the worst failing severity. */
import type { Finding } from '../model/finding';
import { SEVERITIES, type Severity } from '../model/rule';

export const SEVERITY_COLOURS: Record<Severity, string> = {
  critical: '#b3001b',
  high: '#d13212',
  medium: '#e07b00',
  low: '#5a6b7b',
  info: '#2e6bd1',
};

export function badgeFor(findings: readonly Finding[]): { text: string; color: string | null } {
  const failing = findings.filter((f) => f.status === 'fail');
  if (failing.length === 0) return { text: '', color: null };
  const worst = SEVERITIES.find((s) => failing.some((f) => f.severity === s)) as Severity;
  return { text: failing.length > 999 ? '999+' : String(failing.length), color: SEVERITY_COLOURS[worst] };
}
