/**
 * One badge for a list row: the number of failing findings and the worst severity; Enter/click
 * opens a tip listing each finding (title, severity, first fix command with Copy); Escape closes.
 */
import type { Finding } from '../model/finding';
import { CopyButton } from './CopyButton';
import { MARK, useTip } from './use-tip';

const RANK: Record<string, number> = { critical: 0, high: 1, medium: 2, low: 3, info: 4 };

/** Worst first; equal severities by rule id, then item (a stable order for a stable badge). */
export function byWorst(a: Finding, b: Finding): number {
  return (RANK[a.severity] ?? 9) - (RANK[b.severity] ?? 9) || a.ruleId.localeCompare(b.ruleId) || (a.item ?? '').localeCompare(b.item ?? '');
}

export function CompactBadge(props: { findings: Finding[]; label: string }) {
  const { findings } = props;
  const worst = findings[0];
  const { open, pos, button, toggle, close } = useTip();

  if (!worst) return null;
  // The badge sits inside a table row: clicks and keys in it must not select the row or move the
  // table's keyboard focus (Escape is handled on the document, in the capture phase, first).
  const keep = (e: Event) => e.stopPropagation();
  const n = findings.length;
  return (
    <>
      <button
        ref={button}
        type="button"
        class={`badge sev-${worst.severity}`}
        aria-expanded={open}
        aria-haspopup="dialog"
        title={`${n} ${n === 1 ? 'setting' : 'settings'} not met (worst: ${worst.severity})`}
        data-vmlint-badge=""
        onClick={toggle}
        onMouseDown={keep}
        onKeyDown={keep}
      >
        <span class="mark" aria-hidden="true">
          {MARK[worst.severity]}
        </span>
        {`${n} · ${worst.severity}`}
      </button>
      {open ? (
        <div class="tip" role="dialog" aria-label={`vmlint: ${props.label}`} style={pos} data-vmlint-tip="" onClick={keep} onMouseDown={keep} onKeyDown={keep}>
          <button type="button" class="close" aria-label="Close" onClick={close}>
            ×
          </button>
          <div class="unmet">{`${n} not met`}</div>
          <h2>{props.label}</h2>
          <ul class="findings">
            {findings.map((f) => {
              const first = f.fix?.cli.find((s) => s.command !== undefined);
              return (
                <li data-vmlint-finding={f.ruleId}>
                  <div class="ftitle">
                    <span class={`sev sev-${f.severity}`}>{f.severity}</span> {f.title}
                  </div>
                  <div class="meta">
                    {f.ruleId}
                    {f.item ? ` · ${f.item}` : ''}
                  </div>
                  {first?.command !== undefined ? (
                    <div class={first.disruptive ? 'step disruptive' : 'step'}>
                      <code data-vmlint-command="">{first.command}</code>
                      <CopyButton text={first.command} unfilled={first.unfilled} />
                    </div>
                  ) : null}
                </li>
              );
            })}
          </ul>
        </div>
      ) : null}
    </>
  );
}
