/** What a page reader returns: snapshots, and where on the page each setting is shown. */
import type { VmSnapshot } from '../model/snapshot';

export interface Anchor {
  resourceId: string;
  /** A snapshot field path ("aws.metadataOptions.httpTokens") shown by `element`. */
  path?: string;
  /** An item id (security-group rule, volume) shown by `element` (a table row or cell). */
  item?: string;
  element: Element;
}

export interface PageRead {
  resources: VmSnapshot[];
  anchors: Anchor[];
  /** Where findings without a better anchor go (the instance heading), per resource id. */
  fallbacks: Record<string, Element>;
  /**
   * Resources shown as a list row (resource id → the element the row's badge hangs in): such a
   * resource gets ONE compact badge for all its failing findings, not one per setting.
   */
  compact?: Record<string, Element>;
}

/** Our own nodes: the observer ignores them and readers never read them. */
export const HOST_ATTR = 'data-vmlint-host';
