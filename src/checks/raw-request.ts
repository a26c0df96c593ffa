import { reportableResponse } from '../http/reportable-response';
import { TransportError, type HttpResponse } from '../http/transport';
import { requestBudgetSpent } from '../pluvo/budget';
import type { PluvoClients } from '../pluvo/pluvo-clients';
import type { RawExchange } from './check';

/** Token-endpoint and redirect answers are short; more than this is a page nobody needs in full. */
export const MAX_RAW_BODY = 5_000;

/**
 * Send one request exactly as given (any path, any headers), within the run's limits, and return
 * the response with its redacted exchange for the report. Never follows a redirect.
 */
export async function rawPost(
  clients: PluvoClients,
  path: string,
  request: { headers: Record<string, string>; body: string; note?: string },
): Promise<{ response?: HttpResponse; exchange: RawExchange }> {
  const url = `${clients.root}${path}`;
  const described = { method: 'POST', url, ...(request.note ? { note: request.note } : {}) };
  if (!clients.limits.takeRequest()) return { exchange: { request: described, response: { error: requestBudgetSpent('not sent'), reason: 'budget' } } };
  try {
    const response = await clients.limits.limit(() =>
      clients.transport.send({
        method: 'POST',
        url,
        headers: request.headers,
        body: request.body,
        timeoutMs: clients.timeoutMs,
        maxBytes: clients.maxResponseBytes,
      }),
    );
    return {
      response,
      exchange: { request: described, response: reportableResponse(response, MAX_RAW_BODY), durationMs: response.durationMs, endedAt: Date.now() },
    };
  } catch (error) {
    if (!(error instanceof TransportError)) throw error;
    return { exchange: { request: described, response: { error: error.message, reason: 'unavailable' }, endedAt: Date.now() } };
  }
}
