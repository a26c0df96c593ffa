/**
 * An error in words, with the reasons under it: Node's fetch says only "fetch failed", and
 * Slack's webhook client wraps that again; the reason (a refused connection, a DNS failure, a
 * timeout) is in the causes. Each cause is added unless the text already says it; four deep.
 */
export function describeError(error: unknown): string {
  let text = '';
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current !== undefined && current !== null; depth++) {
    const words = current instanceof Error ? current.message : String(current);
    if (!text.includes(words)) text = text ? `${text}: ${words}` : words;
    current = current instanceof Error ? current.cause : undefined;
  }
  return text;
}
