import { redact } from '../security/redact';
import { shapeOfBody } from './response-shape';
import type { HttpResponse } from './transport';

export interface ReportableResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** A JSON body's shape, which a report keeps instead of the body unless PLUVO_KEEP_BODIES=full (src/http/response-shape.ts). */
  shape?: string;
}

/** A response as it may leave the process in a report: headers and body redacted, the body cut, and a JSON body's shape, taken from all of it. */
export function reportableResponse(response: HttpResponse, maxBody: number): ReportableResponse {
  const headers = Object.fromEntries(Object.entries(response.headers).map(([name, value]) => [name, redact(value)]));
  // A slice of a string keeps the whole of it alive in V8: the cut part is copied, so that a
  // report's 20 KB do not hold on to the 16 MB they were cut from.
  const body =
    response.body.length > maxBody ? `${Buffer.from(response.body.slice(0, maxBody)).toString()}… (${response.body.length} bytes in all)` : response.body;
  const shape = shapeOfBody(response.body);
  return { status: response.status, headers, body: redact(body), ...(shape ? { shape: redact(shape) } : {}) };
}
