/** The toolbar popup: the current tab's VM, its counts, and its fixes to copy. */
import { useEffect, useState } from 'preact/hooks';
import browser from 'webextension-polyfill';
import { fixScript, stepLines } from '../engine/fix-script';
import type { Finding } from '../model/finding';
import type { TabState } from '../model/messages';
import { SEVERITIES } from '../model/rule';
import manifest from '../../manifest.json';
import { isConsoleHost } from '../providers/console-hosts';
import { summarise, type VmSummary } from './summary';

type View =
  | { kind: 'loading' }
  | { kind: 'no-access'; origins: string[] }
  | { kind: 'not-console' }
  | { kind: 'state'; tabId: number; summaries: VmSummary[] };

const CONSOLE_ORIGINS: string[] = manifest.host_permissions;
/** A list page reports every row: show the worst instances, not a card per row. */
const MAX_CARDS = 20;

async function currentTabId(): Promise<number | undefined> {
  const param = new URLSearchParams(location.search).get('tabId');
  if (param && /^\d+$/.test(param)) return Number(param);
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  return tab?.id;
}

async function load(): Promise<View> {
  const tabId = await currentTabId();
  if (tabId === undefined) return { kind: 'not-console' };
  // The tab's URL is visible only for hosts we may read: no URL means not a console page (or
  // site access withheld). Results are shown only while the tab is on a console page, so an old
  // page's findings never appear on another site.
  let url: string | undefined;
  try {
    url = (await browser.tabs.get(tabId)).url;
  } catch {
    url = undefined;
  }
  const onConsole = !!url && isConsoleHost(new URL(url).hostname);
  if (!onConsole) {
    const granted = await browser.permissions.contains({ origins: CONSOLE_ORIGINS }).catch(() => true);
    return granted ? { kind: 'not-console' } : { kind: 'no-access', origins: CONSOLE_ORIGINS };
  }
  const reply = (await browser.runtime.sendMessage({ type: 'vmlint/tab-state', tabId })) as { ok: boolean; state?: TabState };
  return { kind: 'state', tabId, summaries: reply?.ok && reply.state ? summarise(reply.state) : [] };
}

async function copy(text: string): Promise<void> {
  await navigator.clipboard.writeText(text);
}

function CopyButton(props: { text: string; label?: string; primary?: boolean }) {
  const [done, setDone] = useState(false);
  return (
    <button
      type="button"
      class={props.primary ? 'primary' : ''}
      data-vmlint-copy=""
      onClick={async () => {
        await copy(props.text).then(() => setDone(true), () => setDone(false));
        setTimeout(() => setDone(false), 1500);
      }}
    >
      {done ? 'Copied' : (props.label ?? 'Copy')}
    </button>
  );
}

const CATEGORY_NAMES: Record<string, string> = {
  'access-control': 'Access control',
  'network-security': 'Network security',
  'patch-management': 'Patch management',
  encryption: 'Encryption',
  'monitoring-logging': 'Monitoring and logging',
};

function FindingRow({ f }: { f: Finding }) {
  const script = f.fix ? f.fix.cli.flatMap(stepLines).join('\n') : '';
  // The first command shows; the Copy button copies every step (disruptive ones commented out).
  const commands = f.fix?.cli.filter((s) => s.command !== undefined) ?? [];
  const first = commands[0]?.command;
  return (
    <div class="finding" data-vmlint-status={f.status} data-vmlint-rule={f.ruleId} data-vmlint-severity={f.severity}>
      <span class={`pill sev-${f.severity}`}>{f.severity}</span>
      <div class="body">
        <div>{f.title}</div>
        <div class="muted">
          {f.ruleId}
          {f.item ? ` · ${f.item}` : ''}
        </div>
        {first ? <code>{first}</code> : null}
        {commands.length > 1 ? (
          <div class="more">
            + {commands.length - 1} more {commands.length - 1 === 1 ? 'step' : 'steps'} in the copied script
          </div>
        ) : null}
      </div>
      {script ? <CopyButton text={`${script}\n`} /> : null}
    </div>
  );
}

function VmCard({ s }: { s: VmSummary }) {
  const r = s.resource;
  return (
    <section class="vm" data-vmlint-resource={r.id}>
      <h2>{r.name ? `${r.name} (${r.id})` : r.id}</h2>
      <div class="muted">
        {r.provider.toUpperCase()}
        {r.region ? ` · ${r.region}` : ''}
        {r.state ? ` · ${r.state}` : ''}
      </div>
      <div class="counts" data-vmlint-counts="">
        {SEVERITIES.map((sev) => (
          <span class={`pill ${s.bySeverity[sev] ? `sev-${sev}` : 'zero'}`} data-severity={sev} data-count={s.bySeverity[sev]}>
            {s.bySeverity[sev]} {sev}
          </span>
        ))}
      </div>
      <div data-vmlint-checked="" data-failing={s.failing} data-passing={s.passing} data-unknown={s.unknown}>
        Checked {s.rulesChecked} rules: {s.failing} failing, {s.passing} passing, {s.unknown} unknown
        {s.notApplicable ? `, ${s.notApplicable} not applicable` : ''}
      </div>
      {s.unknown > 0 ? (
        <div class="muted">Unknown: the page did not show those settings (open the instance's tabs to read more).</div>
      ) : null}
      {s.failingFindings.length ? <div class="muted">Each line names a secure state this VM does not meet.</div> : null}
      {s.byCategory.map((g) => (
        <>
          <h3>{CATEGORY_NAMES[g.category] ?? g.category}</h3>
          {g.findings.map((f) => (
            <FindingRow f={f} />
          ))}
        </>
      ))}
      {s.failingFindings.length ? (
        <p>
          <CopyButton primary label="Copy all fixes" text={fixScript(s.failingFindings, `vmlint fixes for ${r.id}`)} />
        </p>
      ) : null}
    </section>
  );
}

export function Popup() {
  const [view, setView] = useState<View>({ kind: 'loading' });
  useEffect(() => {
    load().then(setView, () => setView({ kind: 'not-console' }));
  }, []);
  return (
    <>
      <header>
        <h1>vmlint</h1>
        <span class="muted" style="color:#d1d5db">runs locally · nothing leaves the browser</span>
      </header>
      <main data-vmlint-popup={view.kind}>
        {view.kind === 'loading' ? <p>Reading…</p> : null}
        {view.kind === 'not-console' ? (
          <div class="notice">Open a virtual machine in the AWS EC2 console (an instance's details, or a selected instance in the list) or in Google Cloud's Compute Engine (a VM's details) to see its checks here.</div>
        ) : null}
        {view.kind === 'no-access' ? (
          <div class="notice">
            <p>vmlint has no access to the cloud console sites, so it cannot read this page.</p>
            <button
              type="button"
              class="primary"
              onClick={() => void browser.permissions.request({ origins: view.origins }).then(() => load().then(setView))}
            >
              Allow on the console sites
            </button>
            <p class="muted">Then reload the console tab: vmlint starts reading when the page loads.</p>
          </div>
        ) : null}
        {view.kind === 'state' && view.summaries.length === 0 ? (
          <div class="notice">This console page shows no virtual machine vmlint can read yet. Open an instance's details.</div>
        ) : null}
        {view.kind === 'state' ? view.summaries.slice(0, MAX_CARDS).map((s) => <VmCard s={s} />) : null}
        {view.kind === 'state' && view.summaries.length > MAX_CARDS ? (
          <p class="muted" data-vmlint-more={view.summaries.length - MAX_CARDS}>
            and {view.summaries.length - MAX_CARDS} more instances on this page: their badges are in the list.
          </p>
        ) : null}
      </main>
    </>
  );
}
