import { redact } from '../security/redact';
import { shapeOfBody } from './response-shape';
import type { HttpResponse } from './transport';
import { cutTo } from '../text/cut';

export interface ReportableResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** A JSON body's shape, which a report keeps instead of the body unless PLUVO_KEEP_BODIES=full (src/http/response-shape.ts). */
  shape?: string;
}

/**
 * A response as it may leave the process in a report: headers and body redacted, the body cut, and
 * a JSON body's shape, taken from all of it.
 *
 * Redacted and shaped when first read, not when received: most responses of a run belong to checks
 * that pass, whose exchanges no report keeps, and scanning each for the run's secrets cost fifty
 * organisations a second of the engine's CPU. Read later, a value is masked against every secret
 * met by then, never fewer.
 */
export function reportableResponse(response: HttpResponse, maxBody: number, parsed?: unknown): ReportableResponse {
  const cut = response.body.length > maxBody;
  // A slice of a string keeps the whole of it alive in V8: the cut part is copied, so that a
  // report's 20 KB do not hold on to the 16 MB they were cut from.
  const body = cut ? `${Buffer.from(cutTo(response.body, maxBody, '')).toString()}… (${response.body.length} bytes in all)` : response.body;
  // A cut body's shape is taken from the whole of it now, so that the whole is not kept for later
  // (from the body as the GraphQL client parsed it, when it did: not scanned and parsed again).
  const shapeOfWhole = cut ? shapeOfBody(response.body, parsed) : undefined;
  const headers = response.headers;
  const reportable = { status: response.status } as ReportableResponse;
  once(reportable, 'headers', () => Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, redact(value)])));
  once(reportable, 'body', () => redact(body));
  once(reportable, 'shape', () => {
    const shape = cut ? shapeOfWhole : shapeOfBody(body);
    return shape === undefined ? undefined : redact(shape);
  });
  return reportable;
}

/**
 * An own, enumerable property worked out on its first read and then kept: spreading, JSON and
 * equality see it as a plain value.
 */
function once<T extends object, K extends keyof T>(target: T, key: K, work: () => T[K]): void {
  Object.defineProperty(target, key, {
    enumerable: true,
    configurable: true,
    get() {
      const value = work();
      Object.defineProperty(target, key, { value, enumerable: true, configurable: true, writable: true });
      return value;
    },
  });
}
