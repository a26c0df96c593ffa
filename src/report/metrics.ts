import { Gauge, Pushgateway, Registry } from 'prom-client';
import type { HistoryLine } from './alert-files';
import { RUN_VERDICTS, VERDICTS, meaningOf } from '../outcome/verdict';
import { checkVerdict, type RunSummary } from './run-summary';
import { runsByTarget } from './status-page';

/**
 * A run in Prometheus' terms, for the dashboards on-call people already watch: per target and
 * check, success, degraded, duration and the last success; per target, the verdict (one series a
 * verdict, 1 for the current one), schema changes by criticality, deprecated fields in use and
 * throttled checks; per alert sink, whether the run's alerts reached it. Base units (seconds), `_seconds` and `_timestamp_seconds` as Prometheus'
 * conventions ask, as the Blackbox exporter's `probe_success` and `probe_duration_seconds` do.
 * Labels carry the target's name and the check's id, never a secret. A registry of its own:
 * nothing of the process (heap, event loop) mixes in.
 */
const CRITICALITIES = ['breaking', 'dangerous', 'non_breaking'] as const;

export interface MetricsInput {
  runs: readonly RunSummary[];
  /** The history as written after this run: for each check's last success. */
  history: readonly HistoryLine[];
  /** How long each check took (its test), by `${targetKey}\n${checkId}`. */
  durationsMs: ReadonlyMap<string, number>;
  /** Whether each alert sink was reached this run, by its id ("slack", "pagerduty"). */
  reached?: ReadonlyMap<string, boolean>;
}

export function runMetrics({ runs, history, durationsMs, reached = new Map() }: MetricsInput): Registry {
  const registry = new Registry();
  const gauge = (name: string, help: string, labelNames: string[]) => new Gauge({ name, help, labelNames, registers: [registry] });
  const success = gauge('pluvo_check_success', 'Whether the check held in the last run (1) or not (0); checks skipped or not run have no sample.', [
    'target',
    'check',
    'area',
  ]);
  const degraded = gauge('pluvo_check_degraded', 'Whether the check held but was slow (p95 at or over PLUVO_DEGRADED_MS) in the last run.', [
    'target',
    'check',
  ]);
  const duration = gauge('pluvo_check_duration_seconds', 'How long the check took in the last run, waits included; checks skipped or not run have no sample.', [
    'target',
    'check',
  ]);
  const p95 = gauge('pluvo_check_latency_p95_seconds', "The p95 of the check's requests in the last run, as Pluvo answered them.", ['target', 'check']);
  const lastSuccess = gauge('pluvo_check_last_success_timestamp_seconds', 'When the check last held, in seconds since the epoch.', ['target', 'check']);
  const runSuccess = gauge('pluvo_run_success', "Whether the run's contracts held for the target (verdict passed, flaky or degraded).", ['target']);
  const verdict = gauge('pluvo_run_verdict', "The run's verdict for the target: 1 for the current verdict, 0 for the others.", ['target', 'verdict']);
  const runAt = gauge('pluvo_run_timestamp_seconds', 'When the run ended, in seconds since the epoch.', ['target']);
  const changes = gauge('pluvo_schema_changes', 'Changes of the live schema against the stored snapshot, by criticality.', ['target', 'criticality']);
  const deprecated = gauge('pluvo_deprecated_fields_in_use', 'Deprecated fields, arguments or enum values that our operations use.', ['target']);
  const throttled = gauge('pluvo_throttled_checks', 'Checks of the last run that Pluvo kept throttling (429) past the retry budget.', ['target']);
  const delivered = gauge(
    'pluvo_alert_sink_reached',
    "Whether the last run's alerts reached the sink (1; also when there was nothing to tell) or not (0: it is told next run what it missed).",
    ['sink'],
  );
  for (const [sink, ok] of reached) delivered.set({ sink }, ok ? 1 : 0);

  // Grouped once: a vendor's history is hundreds of thousands of lines, read for each of its organisations.
  const byTarget = runsByTarget(history);
  for (const run of runs) {
    const target = run.target;
    runSuccess.set({ target }, VERDICTS[run.verdict].held ? 1 : 0);
    for (const each of RUN_VERDICTS) verdict.set({ target, verdict: each }, each === run.verdict ? 1 : 0);
    runAt.set({ target }, Date.parse(run.at) / 1000);
    throttled.set({ target }, run.checks.filter((check) => check.cause === 'throttled').length);
    const lines = byTarget.get(run.targetKey) ?? [];
    for (const check of run.checks) {
      const labels = { target, check: check.checkId };
      const judged = VERDICTS[checkVerdict(check)];
      if (judged.ran) {
        success.set({ ...labels, area: check.area }, judged.held ? 1 : 0);
        degraded.set(labels, check.outcome === 'degraded' ? 1 : 0);
        // A check kept from running took no time of its own: its test's wait for the preflight would read as a spike on a latency panel.
        const took = durationsMs.get(`${run.targetKey}\n${check.checkId}`);
        if (took !== undefined) duration.set(labels, took / 1000);
      }
      if (check.latency.p95Ms !== undefined) p95.set(labels, check.latency.p95Ms / 1000);
      const lastHeld = [...lines].reverse().find((line) => {
        const outcome = line.checks[check.checkId]?.[0];
        return outcome !== undefined && meaningOf(outcome).held;
      });
      if (lastHeld) lastSuccess.set(labels, Date.parse(lastHeld.at) / 1000);
      for (const level of CRITICALITIES) {
        const count = check.facts[`changes_${level}`];
        if (count !== undefined) changes.set({ target, criticality: level }, count);
      }
      const inUse = check.facts.deprecated_in_use;
      if (inUse !== undefined) deprecated.set({ target }, inUse);
    }
  }
  return registry;
}

/** The metrics pushed to a Pushgateway, replacing the job's group: the latest run is the truth. */
export async function pushMetrics(registry: Registry, url: string, timeoutMs = 5_000): Promise<{ delivered: boolean; line: string }> {
  try {
    await new Pushgateway(url, { timeout: timeoutMs }, registry).push({ jobName: 'pluvo_contract_monitor' });
    return { delivered: true, line: 'metrics: pushed to the Pushgateway (PLUVO_PUSHGATEWAY_URL)' };
  } catch (error) {
    return {
      delivered: false,
      line: `metrics: not pushed to the Pushgateway (${(error as Error).message.split('\n')[0]!.replaceAll(url, '[PLUVO_PUSHGATEWAY_URL]')})`,
    };
  }
}
