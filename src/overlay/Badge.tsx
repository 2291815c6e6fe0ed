/** A severity pill beside a risky setting; Enter/click opens the fix tip, Escape closes it. */
import type { Finding } from '../model/finding';
import { FixTip } from './FixTip';
import { MARK, useTip } from './use-tip';

export function Badge(props: { finding: Finding }) {
  const { finding: f } = props;
  const { open, pos, button, toggle, close } = useTip();

  return (
    <>
      <button
        ref={button}
        type="button"
        class={`badge sev-${f.severity}`}
        aria-expanded={open}
        aria-haspopup="dialog"
        title={`${f.severity}: ${f.title}`}
        data-vmlint-badge=""
        onClick={toggle}
      >
        <span class="mark" aria-hidden="true">
          {MARK[f.severity]}
        </span>
        {f.severity}
      </button>
      {open ? <FixTip finding={f} rationale={f.rationale} onClose={close} style={pos} /> : null}
    </>
  );
}
