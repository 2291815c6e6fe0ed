/** Small AWS value parsers shared by the API normaliser and the console readers (no zod here:
 *  the content script must stay small). */

/** "us-east-1a" → "us-east-1"; local/wavelength zones keep their parent region. */
export function regionOfZone(zone: string | undefined): string | undefined {
  return zone ? /^([a-z]{2}(?:-[a-z]+)+-\d+)/.exec(zone)?.[1] : undefined;
}

/** "User initiated (2024-01-15 10:20:30 GMT)" → ISO; undefined when no date is stated. */
export function stoppedAtOf(reason: string | null | undefined): string | undefined {
  const m = /\((\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2}) ?(?:GMT|UTC)?\)/.exec(reason ?? '');
  return m ? `${m[1]}T${m[2]}Z` : undefined;
}
