/** A Copy button that says whether the copy worked, and warns about placeholders to fill in. */
import { useState } from 'preact/hooks';
import { copyText } from './clipboard';

export function CopyButton(props: { text: string; label?: string; unfilled?: string[] }) {
  const [state, setState] = useState<'idle' | 'done' | 'failed'>('idle');
  const onClick = async (e: MouseEvent) => {
    e.stopPropagation();
    const ok = await copyText(props.text, (e.currentTarget as Element).getRootNode() as Node);
    setState(ok ? 'done' : 'failed');
    setTimeout(() => setState('idle'), 2000);
  };
  const title = props.unfilled?.length ? `Fill in ${props.unfilled.join(', ')} after pasting` : 'Copy to clipboard';
  return (
    <button type="button" class="copy" data-vmlint-copy="" title={title} onClick={onClick}>
      {state === 'done' ? 'Copied' : state === 'failed' ? 'Copy failed' : (props.label ?? 'Copy')}
    </button>
  );
}
