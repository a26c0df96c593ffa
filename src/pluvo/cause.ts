/**
 * Why a check failed, decided where the failure is seen, never read back from its text:
 *  - contract: Pluvo answered, and the answer breaks what the docs (or a pin) promise;
 *  - unavailable: Pluvo did not answer properly (no answer, a timeout, a 5xx, a proxy page);
 *  - throttled: Pluvo kept answering 429 past the run's wait budget;
 *  - budget: the monitor ran out of its own request or time budget;
 *  - credentials: Pluvo refused our API client or a scope we ask for;
 *  - config: our own setup (a target never onboarded, a file of ours missing).
 * Only the first is a verdict on the contract.
 */
export type Cause = 'contract' | 'unavailable' | 'throttled' | 'budget' | 'credentials' | 'config';

/** A problem a helper met (a page that could not be read, a walk that had to stop), with its cause, for a check to fail on. */
export interface Problem {
  message: string;
  cause: Cause;
  key?: string;
}

/** A problem of the answer itself: the contract's. */
export const contractProblem = (message: string): Problem => ({ message, cause: 'contract' });

/** The cause an HTTP status shows: 5xx unavailable, 429 throttled, anything else an answer to judge. */
export function causeOfStatus(status: number): Cause {
  if (status >= 500) return 'unavailable';
  if (status === 429) return 'throttled';
  return 'contract';
}

/**
 * What several failures have in common when one cause lies behind them, so that it is said once:
 * "HTTP 502: <title of the page>", "connect ECONNREFUSED 127.0.0.1:4010". The URL is left out, so
 * that every request that met the same trouble shares the key.
 */
export function troubleKey(text: string): string {
  const network = /\b(ECONNREFUSED|ECONNRESET|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|EPIPE|UND_ERR_\w+)\b[^:;,)]*/.exec(text);
  if (network) return network[0].trim();
  if (/no response within \d+ ms/.test(text)) return /no response within \d+ ms/.exec(text)![0];
  const status = /HTTP (\d{3})(?:: ([^\n]{0,80}))?/.exec(text);
  if (status) {
    const title = /<title>([^<]{1,60})<\/title>/i.exec(text)?.[1]?.trim();
    return `HTTP ${status[1]}${title ? ` (${title})` : status[2] ? `: ${status[2].replace(/\s+/g, ' ').trim()}` : ''}`;
  }
  return text.replace(/https?:\/\/\S+/g, '…').slice(0, 100);
}
