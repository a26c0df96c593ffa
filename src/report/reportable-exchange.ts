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
export function reportableExchange(exchange: GraphQLExchange | RawExchange): unknown {
  if (!('outcome' in exchange)) return exchange;
  return { ...exchange, outcome: outcomeSummary(exchange.outcome) };
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
