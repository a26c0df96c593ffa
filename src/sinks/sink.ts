import type { Registry } from 'prom-client';
import type { RunSettings } from '../config/load-config';
import type { AlertDecision } from '../report/alert-policy';
import type { RunSummary } from '../report/run-summary';
import type { MessageContext } from '../report/slack-message';

/** One target's part of a run's result: its summary, and what the alert policy decided to tell. */
export interface TargetResult {
  summary: RunSummary;
  decision: AlertDecision;
  /** Links and the command that reruns it, for messages. */
  context: MessageContext;
}

/**
 * What a run's end computes, as data and with no I/O (src/sinks/end-of-run-reporter.ts): every
 * target's verdict, incidents and alerts. Every sink reads it; none decides anything again.
 */
export interface RunResult {
  /** When the run began and ended. */
  startedAt: string;
  at: string;
  targets: readonly TargetResult[];
  /** The run's metrics, as written to metrics.prom once history is kept: for the watchers, absent while alerts go out. */
  metrics?: Registry;
}

/** What a sink says of one delivery: whether it went out, and one line for the console (never a secret). */
export interface Delivery {
  delivered: boolean;
  line: string;
  /**
   * Not delivered in full, by a sink that sends a request a target: the targets (by key) whose
   * alerts did not reach it, so that only those are told again. Absent: every target it was sent.
   */
  missed?: readonly string[];
}

/**
 * An output of a run's end, behind one interface, as Gatus's alert providers are: its settings are
 * read and checked when the run starts (src/config/load-config.ts: one line and exit 2), it sends,
 * and it never throws: a failed delivery is its line, and never fails the run.
 *  - `alert` sinks tell people. One that fails keeps what it was told apart (reports/state.json,
 *    `sinks`), so that the next run tells it what it missed, and only it.
 *  - `watch` sinks are what tools read after each run (the heartbeat, the Pushgateway).
 */
export interface Sink {
  /** As a targets file routes to it ("slack", "pagerduty"); see ALERT_SINK_IDS. */
  readonly id: string;
  readonly name: string;
  readonly role: 'alert' | 'watch';
  send(result: RunResult): Promise<Delivery>;
}

/** A sink from the run's settings, or undefined when it is not configured. */
export type SinkFactory = (settings: RunSettings, reportsDir: string) => Sink | undefined;

/** Every target's alerts of a run, flattened, with the target they are about. */
export function alertsOf(result: RunResult) {
  return result.targets.flatMap((target) => target.decision.alerts.map((alert) => ({ alert, target })));
}

/** How long a sink's delivery may take, all its requests together, before it counts as failed (and is tried again next run). */
export const SINK_DEADLINE_MS = 10_000;

/** A JSON body POSTed within the deadline given: the answer's status, its body let go unread. */
export async function postJson(url: string, body: string, signal: AbortSignal, headers: Record<string, string> = {}): Promise<number> {
  const response = await fetch(url, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body, signal });
  await response.body?.cancel();
  return response.status;
}

/** A sink's failure in one line, with any URL of it left out. */
export function failureLine(error: unknown, ...secrets: Array<string | undefined>): string {
  const message = error instanceof Error && error.name === 'TimeoutError' ? 'no answer in time' : ((error as Error)?.message ?? String(error));
  const first: string = message.split('\n')[0] ?? '';
  return secrets.reduce<string>((text, secret) => (secret ? text.replaceAll(secret, '[REDACTED]') : text), first);
}
