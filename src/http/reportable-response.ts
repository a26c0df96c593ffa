import { redact } from '../security/redact';
import type { HttpResponse } from './transport';

export interface ReportableResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** A response as it may leave the process in a report: headers and body redacted, the body cut. */
export function reportableResponse(response: HttpResponse, maxBody: number): ReportableResponse {
  const headers = Object.fromEntries(Object.entries(response.headers).map(([name, value]) => [name, redact(value)]));
  // A slice of a string keeps the whole of it alive in V8: the cut part is copied, so that a
  // report's 20 KB do not hold on to the 16 MB they were cut from.
  const body =
    response.body.length > maxBody ? `${Buffer.from(response.body.slice(0, maxBody)).toString()}… (${response.body.length} bytes in all)` : response.body;
  return { status: response.status, headers, body: redact(body) };
}
