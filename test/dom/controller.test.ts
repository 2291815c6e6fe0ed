// @vitest-environment happy-dom
/**
 * One frame's loop (src/content/controller.ts) driven with fakes: a reader that returns a
 * resource and an anchor in this document, a worker `send` that answers findings, and the real
 * BadgeLayer. Checks the <html> marker contract (DESIGN.md contract 3), re-attachment after the
 * console replaces nodes, teardown when the extension goes away, and that nothing throws into
 * the page. Fake timers drive the debounce; nothing sleeps.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Controller, isRelevant, type ControllerDeps } from '../../src/content/controller';
import { HOST_ATTR, type PageRead } from '../../src/content/page-read';
import type { Finding } from '../../src/model/finding';
import type { ContentMessage } from '../../src/model/messages';
import { BadgeLayer } from '../../src/overlay/render-badges';
import { parseAwsRoute } from '../../src/providers/aws/routes';

const A = 'i-0abc12345def67890';
const B = 'i-0fedcba9876543210';
const urlFor = (id: string) => `https://us-east-1.console.aws.amazon.com/ec2/home?region=us-east-1#InstanceDetails:instanceId=${id}`;
const DEBOUNCE = 10;

function failing(resourceId: string, over: Partial<Finding> = {}): Finding {
  return {
    ruleId: 'aws-ec2-imdsv2-required',
    resourceId,
    provider: 'aws',
    status: 'fail',
    severity: 'high',
    title: 'Instance metadata requires IMDSv2 session tokens',
    category: 'access-control',
    anchor: 'aws.metadataOptions.httpTokens',
    evidence: [],
    ...over,
  };
}

const html = () => document.documentElement;
const state = () => html().getAttribute('data-vmlint-state');
const count = () => html().getAttribute('data-vmlint-findings');
const hosts = () => [...document.querySelectorAll(`[${HOST_ATTR}]`)];
const anchor = () => document.getElementById('imds')!;
const sendsOf = (send: ReturnType<typeof vi.fn>, type: string) => send.mock.calls.filter(([m]) => (m as ContentMessage).type === type).length;

/** Let the debounce fire and the promise chain (send → render → marker) run out. */
async function settle(ms = DEBOUNCE + 1) {
  await vi.advanceTimersByTimeAsync(ms);
  for (let i = 0; i < 20; i++) await Promise.resolve();
}

interface Setup {
  controller: Controller;
  deps: ControllerDeps;
  read: ReturnType<typeof vi.fn>;
  send: ReturnType<typeof vi.fn>;
  onDead: ReturnType<typeof vi.fn>;
  layer: BadgeLayer;
  nav(url: string): void;
  setInstance(id: string): void;
}

let current: Setup | undefined;
let errors: unknown[];
const onError = (e: Event) => errors.push((e as ErrorEvent).error ?? e);

function setup(over: Partial<ControllerDeps> = {}, answer: (m: ContentMessage) => Promise<Finding[]> | Finding[] = () => []): Setup {
  let href = urlFor(A);
  let instance = A;
  const layer = new BadgeLayer(document);
  const read = vi.fn((doc: Document): PageRead => ({
    resources: [{ kind: 'vm', provider: 'aws', id: instance, aws: { metadataOptions: { httpTokens: 'optional' } } }],
    anchors: [{ resourceId: instance, path: 'aws.metadataOptions.httpTokens', element: doc.getElementById('imds')! }],
    fallbacks: { [instance]: doc.querySelector('h1')! },
  }));
  const send = vi.fn(async (m: ContentMessage) => answer(m));
  const onDead = vi.fn();
  const deps: ControllerDeps = {
    win: window as unknown as Window,
    routeUrl: () => href,
    parseRoute: parseAwsRoute,
    read,
    send,
    render: (findings, r) => layer.render(findings, r),
    clearOverlay: () => layer.clear(),
    alive: () => true,
    onDead,
    debounceMs: DEBOUNCE,
    ...over,
  };
  const controller = new Controller(deps);
  current = {
    controller,
    deps,
    read,
    send,
    onDead,
    layer,
    nav(url) {
      href = url;
      window.dispatchEvent(new Event('hashchange'));
    },
    setInstance(id) {
      instance = id;
    },
  };
  return current;
}

/** Findings the fake worker answers for a snapshot: one failing finding per resource. */
const oneEach = (m: ContentMessage) => (m.type === 'vmlint/snapshot' ? m.resources.map((r) => failing(r.id)) : []);

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] });
  document.body.innerHTML = `<h1>Instance summary for ${A}</h1><dl><dt>IMDSv2</dt><dd id="imds">Optional</dd></dl>`;
  html().removeAttribute('data-vmlint-state');
  html().removeAttribute('data-vmlint-findings');
  errors = [];
  window.addEventListener('error', onError);
});

afterEach(() => {
  current?.controller.stop();
  current?.layer.clear();
  current = undefined;
  window.removeEventListener('error', onError);
  vi.useRealTimers();
});

// ---------------------------------------------------------------------------------------------

describe('marker and badges', () => {
  it('busy synchronously on start, then ready with the number of badges', async () => {
    const { controller, send } = setup({}, oneEach);
    controller.start();
    expect(state()).toBe('busy');
    expect(count()).toBeNull();
    await settle();
    expect(state()).toBe('ready');
    expect(count()).toBe('1');
    expect(hosts()).toHaveLength(1);
    expect(anchor().lastChild).toBe(hosts()[0]);
    expect(send).toHaveBeenCalledTimes(1);
    expect(send.mock.calls[0][0]).toEqual({
      type: 'vmlint/snapshot',
      page: { provider: 'aws', kind: 'aws-instance-details', route: `InstanceDetails:instanceId=${A}` },
      resources: [expect.objectContaining({ id: A })],
    });
    expect(errors).toEqual([]);
  });

  it('changed() sets busy synchronously; ready again after the debounce', async () => {
    const { controller } = setup({}, oneEach);
    controller.start();
    await settle();
    expect(state()).toBe('ready');
    controller.changed();
    expect(state()).toBe('busy');
    await settle();
    expect(state()).toBe('ready');
    expect(count()).toBe('1');
  });

  it('findings = number of badges actually drawn (not the failing count)', async () => {
    // Two failing findings, one of them for a resource this page shows nowhere.
    const { controller } = setup({}, () => [failing(A), failing('i-0000000000000000a'), failing(A, { status: 'pass', ruleId: 'r-pass' })]);
    controller.start();
    await settle();
    expect(state()).toBe('ready');
    expect(count()).toBe(String(hosts().length));
    expect(count()).toBe('1');
  });

  it('no failing findings → ready with 0', async () => {
    const { controller } = setup({}, () => [failing(A, { status: 'pass' })]);
    controller.start();
    await settle();
    expect(state()).toBe('ready');
    expect(count()).toBe('0');
    expect(hosts()).toHaveLength(0);
  });

  it('a page that is not supported stays idle, reads nothing and sends nothing', async () => {
    const { controller, read, send, nav } = setup({}, oneEach);
    nav('https://us-east-1.console.aws.amazon.com/ec2/home?region=us-east-1#Home:');
    controller.start();
    expect(state()).not.toBe('busy');
    await settle();
    expect(state() ?? 'idle').toBe('idle');
    expect(read).not.toHaveBeenCalled();
    expect(send).not.toHaveBeenCalled();
  });
});

describe('navigation', () => {
  it('a route that stops matching → idle, badges removed, a clear sent', async () => {
    const { controller, send, nav } = setup({}, oneEach);
    controller.start();
    await settle();
    expect(hosts()).toHaveLength(1);
    nav('https://us-east-1.console.aws.amazon.com/ec2/home?region=us-east-1#SecurityGroups:');
    await settle();
    expect(state()).toBe('idle');
    expect(count()).toBeNull();
    expect(hosts()).toHaveLength(0);
    expect(send).toHaveBeenCalledTimes(2);
    expect(send.mock.calls[1][0]).toEqual({ type: 'vmlint/clear' });
    // Coming back reads and sends again.
    nav(urlFor(A));
    expect(state()).toBe('busy');
    await settle();
    expect(state()).toBe('ready');
    expect(sendsOf(send, 'vmlint/snapshot')).toBe(2);
  });

  it('another instance on the same nodes: a new snapshot, new badges', async () => {
    const { controller, send, nav, setInstance } = setup({}, oneEach);
    controller.start();
    await settle();
    setInstance(B);
    nav(urlFor(B));
    expect(state()).toBe('busy');
    await settle();
    expect(state()).toBe('ready');
    expect(sendsOf(send, 'vmlint/snapshot')).toBe(2);
    expect(hosts().map((h) => h.getAttribute('data-vmlint-resource'))).toEqual([B]);
  });

  it('the same route with an unchanged snapshot is not sent again', async () => {
    const { controller, send } = setup({}, oneEach);
    controller.start();
    await settle();
    window.dispatchEvent(new Event('popstate'));
    await settle();
    expect(send).toHaveBeenCalledTimes(1);
    expect(state()).toBe('ready');
  });
});

describe('DOM changes', () => {
  it('an unchanged snapshot is not re-sent, but badges move to the node that replaced the anchor', async () => {
    const { controller, send, read } = setup({}, oneEach);
    controller.start();
    await settle();
    const host = hosts()[0];
    const fresh = document.createElement('dd');
    fresh.id = 'imds';
    fresh.textContent = 'Optional';
    anchor().replaceWith(fresh);
    expect(host.isConnected).toBe(false);
    await Promise.resolve(); // the observer's microtask
    expect(state()).toBe('busy');
    await settle();
    expect(read).toHaveBeenCalledTimes(2);
    expect(send).toHaveBeenCalledTimes(1);
    expect(state()).toBe('ready');
    expect(count()).toBe('1');
    expect(fresh.lastChild).toBe(host);
    expect(hosts()).toEqual([host]);
  });

  it('a burst of changes is read once (debounced)', async () => {
    const { controller, read } = setup({}, oneEach);
    controller.start();
    await settle();
    for (let i = 0; i < 5; i++) {
      document.body.appendChild(document.createElement('div'));
      await Promise.resolve();
      await vi.advanceTimersByTimeAsync(DEBOUNCE - 2);
    }
    await settle();
    expect(read).toHaveBeenCalledTimes(2);
  });

  it('our own badge insertions and marker changes do not trigger a re-read', async () => {
    const { controller, read, send } = setup({}, oneEach);
    controller.start();
    await settle();
    expect(read).toHaveBeenCalledTimes(1);
    // Give the observer every chance to see what we inserted.
    await settle(500);
    await settle(500);
    expect(read).toHaveBeenCalledTimes(1);
    expect(send).toHaveBeenCalledTimes(1);
    expect(state()).toBe('ready');
    // A real page change is seen.
    anchor().appendChild(document.createTextNode(' (changed)'));
    await settle();
    expect(read).toHaveBeenCalledTimes(2);
  });

  it('isRelevant ignores records made only of our hosts and data-vmlint attributes', () => {
    const host = document.createElement('span');
    host.setAttribute(HOST_ATTR, '');
    const div = document.createElement('div');
    const rec = (r: Partial<MutationRecord>) => ({ addedNodes: [] as unknown as NodeList, removedNodes: [] as unknown as NodeList, target: div, ...r }) as MutationRecord;
    expect(isRelevant([rec({ type: 'childList', addedNodes: [host] as unknown as NodeList })])).toBe(false);
    expect(isRelevant([rec({ type: 'attributes', attributeName: 'data-vmlint-state', target: html() })])).toBe(false);
    expect(isRelevant([rec({ type: 'attributes', attributeName: 'class', target: host })])).toBe(false);
    expect(isRelevant([rec({ type: 'childList', addedNodes: [host, div] as unknown as NodeList })])).toBe(true);
    expect(isRelevant([rec({ type: 'attributes', attributeName: 'class' })])).toBe(true);
  });
});

describe('worker failures', () => {
  it('"Extension context invalidated." → everything removed, no marker, no further sends', async () => {
    let dead = false;
    const { controller, send, onDead, nav } = setup({}, (m) => {
      if (dead) throw new Error('Extension context invalidated.');
      return oneEach(m);
    });
    controller.start();
    await settle();
    expect(hosts()).toHaveLength(1);
    dead = true;
    anchor().appendChild(document.createTextNode(' (changed)'));
    controller.changed();
    await settle();
    // The snapshot is the same, so nothing is sent yet; a new instance is.
    nav(urlFor(B));
    current!.setInstance(B);
    await settle(300);
    expect(hosts()).toHaveLength(0);
    expect(html().hasAttribute('data-vmlint-state')).toBe(false);
    expect(html().hasAttribute('data-vmlint-findings')).toBe(false);
    expect(onDead).toHaveBeenCalledTimes(1);
    const sends = send.mock.calls.length;
    // Nothing more happens: no marker, no reads, no sends.
    controller.changed();
    nav(urlFor(A));
    document.body.appendChild(document.createElement('div'));
    await settle(1000);
    expect(send.mock.calls.length).toBe(sends);
    expect(html().hasAttribute('data-vmlint-state')).toBe(false);
    expect(errors).toEqual([]);
  });

  it('invalidated on the very first send: no marker left behind', async () => {
    const { controller, send, onDead } = setup({}, () => Promise.reject(new Error('Extension context invalidated.')));
    controller.start();
    await settle();
    expect(html().hasAttribute('data-vmlint-state')).toBe(false);
    expect(hosts()).toHaveLength(0);
    expect(send).toHaveBeenCalledTimes(1);
    expect(onDead).toHaveBeenCalledTimes(1);
  });

  it('a dead context reported by alive() is treated the same whatever the error says', async () => {
    const { controller, onDead } = setup({ alive: () => false }, () => Promise.reject(new Error('Could not establish connection.')));
    controller.start();
    await settle();
    expect(onDead).toHaveBeenCalledTimes(1);
    expect(html().hasAttribute('data-vmlint-state')).toBe(false);
  });

  it('another error → retried once, then idle (truthful), not stuck on busy', async () => {
    const { controller, send } = setup({}, () => Promise.reject(new Error('Could not establish connection. Receiving end does not exist.')));
    controller.start();
    expect(state()).toBe('busy');
    await settle();
    await settle(300);
    expect(send).toHaveBeenCalledTimes(2);
    expect(state()).toBe('idle');
    expect(count()).toBeNull();
    expect(hosts()).toHaveLength(0);
    expect(errors).toEqual([]);
  });

  it('a worker that recovers on the retry gives ready', async () => {
    let calls = 0;
    const { controller, send } = setup({}, (m) => (++calls === 1 ? Promise.reject(new Error('worker starting')) : oneEach(m)));
    controller.start();
    await settle();
    await settle(300);
    expect(send).toHaveBeenCalledTimes(2);
    expect(state()).toBe('ready');
    expect(count()).toBe('1');
  });

  // Regression test for a fixed bug (src/content/controller.ts pass(), `if (findings === null) { setMarker(idle); return; }`):
  // when a new snapshot (here: another instance on the same, re-used console nodes) cannot be
  // evaluated because the worker does not answer, the marker goes idle but the previous
  // evaluation's badges stay on the page, now describing the wrong VM. Suggested fix: on a null
  // answer, clearOverlay() and reset active/lastKey/findings (or keep busy and retry later).
  it('a failed evaluation of a new snapshot leaves no stale badges behind', async () => {
    let fail = false;
    const { controller, nav, setInstance } = setup({}, (m) => (fail ? Promise.reject(new Error('no reply')) : oneEach(m)));
    controller.start();
    await settle();
    expect(hosts().map((h) => h.getAttribute('data-vmlint-resource'))).toEqual([A]);
    fail = true;
    setInstance(B);
    nav(urlFor(B));
    await settle();
    await settle(300);
    expect(state()).toBe('idle');
    expect(hosts()).toHaveLength(0);
  });
});

describe('ordering', () => {
  // Regression test for a fixed bug (src/content/controller.ts run()/pass()): a change that arrives while a send is in flight
  // only sets `again` (or a pending debounce timer); when the in-flight pass finishes it still sets
  // `ready` with the old evaluation's count, although a newer relevant change is pending. A test
  // (or e2e check) that navigated from instance A to B and waits on `ready` then sees A's badges.
  // Contract 3 says busy holds until the badges for the current evaluation are in place.
  // Suggested fix: in pass(), skip the `ready` marker when `this.again || this.timer !== undefined`.
  it('a change during an in-flight send keeps the marker busy until the newer read is done', async () => {
    const pending: Array<(f: Finding[]) => void> = [];
    const { controller, nav, setInstance } = setup({}, (m) =>
      m.type === 'vmlint/snapshot' && m.resources[0]?.id === A ? new Promise<Finding[]>((r) => pending.push(r)) : oneEach(m),
    );
    controller.start();
    await settle();
    expect(pending).toHaveLength(1); // A's evaluation is in flight
    setInstance(B);
    nav(urlFor(B));
    expect(state()).toBe('busy');
    pending[0]([failing(A)]); // A's answer arrives after the navigation
    for (let i = 0; i < 20; i++) await Promise.resolve();
    expect(state()).toBe('busy');
  });

  it('after an in-flight send and a navigation, the end state is the newer page', async () => {
    const pending: Array<(f: Finding[]) => void> = [];
    const { controller, nav, setInstance } = setup({}, (m) =>
      m.type === 'vmlint/snapshot' && m.resources[0]?.id === A ? new Promise<Finding[]>((r) => pending.push(r)) : oneEach(m),
    );
    controller.start();
    await settle();
    setInstance(B);
    nav(urlFor(B));
    await settle();
    pending[0]([failing(A)]);
    await settle();
    await settle();
    expect(state()).toBe('ready');
    expect(hosts().map((h) => h.getAttribute('data-vmlint-resource'))).toEqual([B]);
  });
});

describe('nothing throws into the page', () => {
  it('a read that throws → no error event, no rejection, marker idle', async () => {
    const { controller, send } = setup({
      read: () => {
        throw new TypeError('Cannot read properties of null');
      },
    });
    const debug = vi.spyOn(console, 'debug').mockImplementation(() => {});
    controller.start();
    expect(state()).toBe('busy');
    await settle();
    expect(state()).toBe('idle');
    expect(send).not.toHaveBeenCalled();
    expect(errors).toEqual([]);
    debug.mockRestore();
  });

  it('a render that throws → idle, no error event', async () => {
    const debug = vi.spyOn(console, 'debug').mockImplementation(() => {});
    const { controller } = setup(
      {
        render: () => {
          throw new Error('render bug');
        },
      },
      oneEach,
    );
    controller.start();
    await settle();
    expect(state()).toBe('idle');
    expect(errors).toEqual([]);
    debug.mockRestore();
  });

  it('a routeUrl that throws (cross-origin top) does not escape changed() or start()', async () => {
    const { controller } = setup({
      routeUrl: () => {
        throw new DOMException('Blocked a frame', 'SecurityError');
      },
    });
    const debug = vi.spyOn(console, 'debug').mockImplementation(() => {});
    expect(() => controller.start()).not.toThrow();
    expect(() => controller.changed()).not.toThrow();
    await settle();
    expect(errors).toEqual([]);
    debug.mockRestore();
  });
});

// The waits below are measured with Date.now(): fake it too.
const fakeDate = () => {
  vi.useRealTimers();
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
};

describe('a supported route that shows no VM yet', () => {
  beforeEach(fakeDate);

  // Regression: the real console renders after its own API calls. Announcing `ready` with 0
  // findings before the VM was on the page told waiting tools (and people) it was clean.
  it('stays busy without sending, drops the old VM, then reads it when it appears', async () => {
    const s = setup({}, (m) => (m.type === 'vmlint/snapshot' ? [failing(A)] : []));
    s.controller.start();
    await settle();
    expect(state()).toBe('ready');
    expect(hosts()).toHaveLength(1);
    const rendered = s.read.getMockImplementation()!;
    s.read.mockImplementation(() => ({ resources: [], anchors: [], fallbacks: {} }));
    s.controller.changed();
    await settle();
    expect(state()).toBe('busy');
    expect(hosts()).toHaveLength(0);
    expect(sendsOf(s.send, 'vmlint/clear')).toBe(1);
    const snapshots = sendsOf(s.send, 'vmlint/snapshot');
    s.read.mockImplementation(rendered);
    s.controller.changed();
    await settle();
    expect(state()).toBe('ready');
    expect(sendsOf(s.send, 'vmlint/snapshot')).toBe(snapshots + 1);
  });

  it('gives up after WAIT_FOR_CONTENT_MS: idle, not busy forever', async () => {
    const s = setup();
    s.read.mockImplementation(() => ({ resources: [], anchors: [], fallbacks: {} }));
    s.controller.start();
    await settle();
    expect(state()).toBe('busy');
    await settle(10_000 + 5 * DEBOUNCE);
    expect(state()).toBe('idle');
    expect(sendsOf(s.send, 'vmlint/snapshot')).toBe(0);
  });
});

describe('a page that never stops changing', () => {
  beforeEach(fakeDate);

  it('is still read within MAX_DEBOUNCE_MS of the first change', async () => {
    const s = setup();
    s.controller.start();
    await settle();
    const reads = s.read.mock.calls.length;
    for (let t = 0; t < 600; t += 5) {
      s.controller.changed();
      await vi.advanceTimersByTimeAsync(5);
    }
    expect(s.read.mock.calls.length).toBeGreaterThan(reads);
  });
});
