import type { RawExchange } from '../checks/check';
import { shown, shownText } from '../text/shown';
import { errorCount, type GraphQLExchange, type GraphQLOutcome } from '../pluvo/graphql-client';

/** Errors listed in a report per exchange; the rest are counted. */
const ERRORS_LISTED = 20;

/**
 * An exchange as it goes into a report: the request, the response (already redacted and cut to
 * 20,000 characters), and the outcome without its parsed data, which the body already shows.
 * Attaching parsed data whole let a 50 MB answer become a 282 MB results.json; 300,000 errors
 * are listed as the first 20 and a count.
 */
export function reportableExchange(exchange: GraphQLExchange | RawExchange, bodies: 'shape' | 'full' = 'shape'): unknown {
  const response = exchange.response && 'body' in exchange.response ? withBody(exchange.response, bodies) : exchange.response;
  const kept = { ...exchange, ...(response ? { response } : {}) };
  if (!('outcome' in exchange)) return kept;
  return { ...kept, outcome: outcomeSummary(exchange.outcome) };
}

/**
 * A response's body as the report keeps it: a JSON body's shape by default, which names nobody
 * (the report may be published); the body itself with PLUVO_KEEP_BODIES=full. A body that is not
 * JSON (a proxy's page, an empty answer) is kept: it is the finding.
 */
function withBody(response: { status: number; headers: Record<string, string>; body: string; shape?: string }, bodies: 'shape' | 'full'): object {
  const { shape, body, ...rest } = response;
  return bodies === 'full' || shape === undefined ? { ...rest, body } : { ...rest, shape };
}

function outcomeSummary(outcome: GraphQLOutcome): unknown {
  switch (outcome.kind) {
    case 'data':
      return { kind: 'data', status: outcome.status };
    case 'graphql-errors': {
      const listed = outcome.errors.slice(0, ERRORS_LISTED).map((error) => ({
        message: shownText(error.message, 500),
        ...(error.path ? { path: shown(error.path, 200) } : {}),
        ...(error.extensions ? { extensions: shown(error.extensions, 300) } : {}),
      }));
      const more = errorCount(outcome) > ERRORS_LISTED ? { moreErrors: errorCount(outcome) - ERRORS_LISTED } : {};
      return { kind: 'graphql-errors', status: outcome.status, errors: listed, ...more, data: outcome.data === null ? null : '(see the response body)' };
    }
    default:
      return outcome;
  }
}
