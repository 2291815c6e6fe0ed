/**
 * Styles live inside each shadow root (a <style> element: adoptedStyleSheets are unreliable in
 * Firefox content scripts), and `:host{all:initial}` keeps the console's CSS out.
 */
export const OVERLAY_CSS = `
:host { all: initial; display: inline-block; position: relative; margin-left: 6px; vertical-align: middle; line-height: normal; }
* { box-sizing: border-box; font-family: "Amazon Ember", "Helvetica Neue", Roboto, Arial, sans-serif; }
.badge { display: inline-flex; align-items: center; gap: 4px; border: 0; border-radius: 10px; padding: 1px 8px 1px 6px;
  font-size: 11px; font-weight: 700; color: #fff; cursor: pointer; white-space: nowrap; line-height: 16px; }
.badge:focus-visible { outline: 2px solid #0972d3; outline-offset: 2px; }
.badge .mark { font-size: 11px; }
.sev-critical { background: #b3001b; } .sev-high { background: #d13212; } .sev-medium { background: #b35c00; }
.sev-low { background: #5a6b7b; } .sev-info { background: #2e6bd1; }
.tip { position: fixed; z-index: 2147483000; width: 440px; max-width: calc(100vw - 16px); max-height: 70vh; overflow: auto;
  background: #fff; color: #16191f; border: 1px solid #d1d5db; border-radius: 8px; box-shadow: 0 6px 24px rgba(0,0,0,.22);
  padding: 12px 14px; font-size: 13px; line-height: 1.45; text-align: left; white-space: normal; }
.tip h2 { font-size: 14px; margin: 0 0 4px; padding-right: 24px; }
.tip .unmet { display: block; font-size: 11px; font-weight: 700; color: #d13212; text-transform: uppercase; letter-spacing: .04em; }
.tip .meta { color: #5f6b7a; font-size: 12px; margin-bottom: 8px; }
.tip p { margin: 0 0 8px; }
.tip h3 { font-size: 12px; text-transform: uppercase; letter-spacing: .04em; color: #5f6b7a; margin: 10px 0 4px; }
.tip ol { margin: 0 0 4px 18px; padding: 0; }
.step { display: flex; gap: 6px; align-items: flex-start; margin: 4px 0; }
.step code { flex: 1; display: block; background: #f4f4f4; border-radius: 4px; padding: 6px 8px; font-family: Menlo, Consolas, monospace;
  font-size: 12px; white-space: pre-wrap; word-break: normal; overflow-wrap: anywhere; }
.step.disruptive code { border-left: 3px solid #d13212; }
.note { color: #5f6b7a; font-size: 12px; }
.warn { color: #8d4600; font-size: 12px; }
button.copy { border: 1px solid #0972d3; background: #fff; color: #0972d3; border-radius: 14px; padding: 2px 10px; font-size: 12px;
  font-weight: 700; cursor: pointer; white-space: nowrap; }
button.copy:focus-visible, button.close:focus-visible { outline: 2px solid #0972d3; outline-offset: 1px; }
.findings { list-style: none; margin: 0; padding: 0; }
.findings li { border-top: 1px solid #e9ebed; padding: 6px 0; }
.findings .ftitle { font-weight: 700; }
.findings .sev { display: inline-block; border-radius: 8px; padding: 0 6px; font-size: 11px; color: #fff; font-weight: 700; }
button.close { position: absolute; top: 6px; right: 8px; border: 0; background: none; font-size: 18px; cursor: pointer; color: #5f6b7a; }
`;
