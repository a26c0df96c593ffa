import { redact } from '../security/redact';

/** What a heartbeat says: all is well, something is failing (told, as the alert policy decides), or nothing (a stop). */
export type HeartbeatSignal = 'success' | 'fail' | 'stopped';

/**
 * The dead-man's switch: at the end of every completed run, a ping to PLUVO_HEARTBEAT_URL, or to
 * its `/fail` form while a target has trouble that the alert policy has told (the convention of
 * healthchecks.io and its kin; a blip held back from Slack is held back here too), with the verdict lines as the body those services keep as the ping's log. A service
 * that stops hearing it alerts on its own: a crashed host, a disabled timer, a schedule GitHub
 * dropped. A stop someone asked for sends nothing. The URL is a credential: never printed.
 */
export async function sendHeartbeat(
  url: string,
  signal: HeartbeatSignal,
  body: string,
  options: { timeoutMs?: number; fetch?: typeof fetch } = {},
): Promise<{ delivered: boolean; line: string }> {
  // A stop sends nothing, on purpose: nothing is owed next run either.
  if (signal === 'stopped') return { delivered: true, line: 'heartbeat: not sent (the run was stopped before it completed)' };
  const failed = signal === 'fail';
  const target = failed ? `${url.replace(/\/+$/, '')}/fail` : url;
  try {
    const response = await (options.fetch ?? fetch)(target, {
      method: 'POST',
      headers: { 'content-type': 'text/plain; charset=utf-8' },
      body: redact(body).slice(0, 10_000),
      signal: AbortSignal.timeout(options.timeoutMs ?? 5_000),
    });
    await response.body?.cancel();
    if (!response.ok) return { delivered: false, line: `heartbeat: not delivered (HTTP ${response.status})` };
    return { delivered: true, line: `heartbeat: sent (${failed ? 'fail' : 'success'})` };
  } catch (error) {
    const reason = error instanceof Error && error.name === 'TimeoutError' ? `no answer within ${options.timeoutMs ?? 5_000} ms` : (error as Error).message;
    return { delivered: false, line: `heartbeat: not delivered (${redact(reason).replaceAll(url, '[REDACTED]')})` };
  }
}
