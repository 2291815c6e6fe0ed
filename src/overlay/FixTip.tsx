/** The tip a badge opens: why it matters, the console steps, and the CLI commands to copy. */
import type { Finding } from '../model/finding';
import { fixScript } from '../engine/fix-script';
import { CopyButton } from './CopyButton';

export function FixTip(props: { finding: Finding; rationale?: string; onClose(): void; style: Record<string, string> }) {
  const { finding: f } = props;
  const fix = f.fix;
  const commands = fix?.cli.filter((s) => s.command !== undefined) ?? [];
  return (
    <div class="tip" role="dialog" aria-label={`vmlint: ${f.title}`} style={props.style} data-vmlint-tip="">
      <button type="button" class="close" aria-label="Close" onClick={props.onClose}>
        ×
      </button>
      <div class="unmet">Not met</div>
      <h2>{f.title}</h2>
      <div class="meta">
        {f.severity} · {f.category} · {f.ruleId}
        {f.item ? ` · ${f.item}` : ''}
      </div>
      {props.rationale ? <p>{props.rationale}</p> : null}
      {fix?.console.length ? (
        <>
          <h3>In the console</h3>
          <ol>
            {fix.console.map((s) => (
              <li>{s}</li>
            ))}
          </ol>
        </>
      ) : null}
      {fix?.cli.length ? (
        <>
          <h3>With the CLI</h3>
          {fix.cli.map((s) =>
            s.command === undefined ? (
              <div class="note">{s.note}</div>
            ) : (
              <div class={s.disruptive ? 'step disruptive' : 'step'}>
                <code data-vmlint-command="">{s.command}</code>
                <CopyButton text={s.command} unfilled={s.unfilled} />
              </div>
            ),
          )}
          {commands.some((s) => s.unfilled.length) ? (
            <div class="warn">Replace the {'{…}'} placeholders with your values before running.</div>
          ) : null}
          {commands.some((s) => s.disruptive) ? <div class="warn">Red-edged steps stop or replace the VM.</div> : null}
          {commands.length > 1 ? <CopyButton text={fixScript([f], `fix for ${f.ruleId}`)} label="Copy all steps" /> : null}
        </>
      ) : null}
      {fix?.terraform ? (
        <>
          <h3>Terraform</h3>
          <div class="note">{fix.terraform}</div>
        </>
      ) : null}
    </div>
  );
}
