/**
 * Thrown by a CEL helper when its input exists but cannot be judged (binary user data, a date it
 * cannot read). Like CEL's own `no such key`, it makes the verdict unknown, and CEL's error
 * absorption in `||`, `&&` and `exists` still lets other evidence decide (spec §1 rule 2).
 */
export class UnknownValue extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnknownValue';
  }
}

/** An error that means "a field was not seen", as opposed to a bug in a rule. */
export function isUnknownError(err: unknown): boolean {
  if (err instanceof UnknownValue) return true;
  const code = (err as { code?: unknown } | null)?.code;
  return code === 'no_such_key';
}

/** The short reason line for an unknown verdict: "aws.metadataOptions not seen". */
export function unknownReason(err: unknown): string {
  if (err instanceof UnknownValue) return err.message;
  const msg = String((err as Error)?.message ?? err).split('\n')[0];
  const key = /No such key: (.+)$/.exec(msg)?.[1];
  return key ? `not seen: ${key}` : msg;
}
