/**
 * The bundled rules, compiled on first use: MV3 stops idle workers, and most wake-ups (tab closed,
 * popup opened) never evaluate anything, so compiling at start-up would be wasted work.
 */
import rawRules from 'virtual:vmlint-rules';
import { compileRule, type CompiledRule } from '../engine/compile';

let compiled: CompiledRule[] | undefined;

export function bundledRules(): CompiledRule[] {
  compiled ??= rawRules.map((raw) => compileRule(raw, `bundled:${(raw as { id: string }).id}`));
  return compiled;
}
