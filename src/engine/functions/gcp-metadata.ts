/**
 * GCP metadata reading (spec §3 GCP, S24, S25, S30): boolean keys such as `enable-oslogin`,
 * `serial-port-enable`, `block-project-ssh-keys`, and secrets in plain-text values.
 */
import { scanUserData } from './secrets';

export type MetadataFlag = 'true' | 'false' | 'unset';

interface Item {
  key: string;
  value: string;
  scope?: string;
}

/** S24: `true`/`TRUE`/`1` → 'true', `false`/`FALSE`/`0` → 'false', anything else → 'unset'. */
export function parseMetadataBool(value: unknown): MetadataFlag {
  if (typeof value !== 'string') return 'unset';
  const v = value.trim().toLowerCase();
  if (v === 'true' || v === '1') return 'true';
  if (v === 'false' || v === '0') return 'false';
  return 'unset';
}

/**
 * The S24 reading of `key` among the items of one scope ("instance" or "project"); a null/absent
 * list or a missing key is 'unset'. Items without a scope count as instance items.
 */
export function metadataFlag(items: readonly Item[] | null | undefined, scope: string, key: string): MetadataFlag {
  if (!Array.isArray(items)) return 'unset';
  const found = items.find((i) => i && i.key === key && (i.scope ?? 'instance') === scope);
  return found ? parseMetadataBool(found.value) : 'unset';
}

/** Masked secret matches in a plain-text metadata value (never base64-decoded). */
export function metadataSecrets(value: string): string[] {
  return scanUserData(value, { encoding: 'text' }).matches.map((m) => `${m.kind} ${m.masked}`);
}
