import { AREAS, type Area } from './areas';
import { ConfigError } from './config-error';
import { DEFAULT_POLICY, type AlertPolicy, type LatencyConfig } from './policy';
import { SANDBOX_DEMO_CLIENT, SANDBOX_EXPIRING_CLIENT } from './sandbox-clients';

/**
 * The configuration, from environment variables: the bottom of the harness. Every function here
 * is pure (it reads the variables it is given, registers nothing, imports nothing of the harness),
 * and a bad value is a ConfigError, one line naming the variable and the fix. Processes parse it
 * once, through src/targets/run-configuration.ts, which also registers the real secrets.
 */

export type Target =
  /** `https://<org>.pluvo.com`, from PLUVO_ORG. */
  | { kind: 'org'; org: string; root: string }
  /** An explicit root, from PLUVO_BASE_URL. */
  | { kind: 'base-url'; root: string }
  /** The embedded sandbox; its root is known once it listens (PLUVO_SANDBOX_URL). */
  | { kind: 'sandbox'; root: string | undefined };

/** What a run's target is and how the run authenticates there. */
export interface TargetConfig {
  target: Target;
  clientId: string;
  clientSecret: string;
  scopes: string[];
}

/** The settings of a run that do not depend on its target: limits, thresholds, alerting. */
export interface RunSettings {
  slackWebhookUrl: string | undefined;
  /** This run's own report, for the alert's link: a per-run address (the workflow gives its run's page). */
  reportUrl: string | undefined;
  /** Where the status page is published, for the alert's link and summary.json's page.url. */
  statusUrl: string | undefined;
  /** A dead-man's switch (healthchecks.io and the like), called at the end of every completed run; a secret. */
  heartbeatUrl: string | undefined;
  /** A Prometheus Pushgateway to push each run's metrics to. */
  pushgatewayUrl: string | undefined;
  /** PagerDuty Events API v2: the integration's routing key (a secret), and where the API is (tests point it at 127.0.0.1). */
  pagerDuty: { routingKey: string; eventsUrl: string } | undefined;
  /** GitHub issues as incidents (PLUVO_GITHUB_ISSUES=1): the token (a secret), owner/name and the API's address, as Actions sets them. */
  gitHubIssues: { token: string; repository: string; apiUrl: string } | undefined;
  /** OpenTelemetry traces (OTLP over HTTP, JSON), when OTEL_EXPORTER_OTLP_ENDPOINT (or its traces form) is set. */
  /** Traces: where, with which headers, how long to wait; the service's name, and the CI run's id (GITHUB_RUN_ID) when there is one. */
  otel: { tracesUrl: string; headers: Record<string, string>; timeoutMs: number; serviceName: string; pipelineRunId?: string } | undefined;
  /** Microsoft Teams: a Workflows webhook's URL (a secret), for one Adaptive Card a run. */
  teamsWebhookUrl: string | undefined;
  /** A webhook that gets each run's alerts as one signed JSON event (json-schemas/alert-event.schema.json). */
  alertWebhook: { url: string; secret: string } | undefined;
  /** At most this many requests in flight for the whole run. */
  concurrency: number;
  /** Every request gives up after this long. */
  timeoutMs: number;
  /** A response body beyond this many bytes is not read or parsed: the request fails. */
  maxResponseBytes: number;
  /** Total time a run may spend waiting on 429 Retry-After before the 429 stands. */
  retryBudgetMs: number;
  /** Requests a run may send in all: a walk that would not end stops here. */
  maxRequests: number;
  /** For gates: dangerous changes and deprecated fields we use fail instead of warn. */
  strict: boolean;
  /**
   * Running in CI (the `CI` variable is set): a fresh checkout whose files are not kept, so a run there
   * must not pin what it observes. Read once here, so no check depends on the process's environment.
   */
  inCI: boolean;
  /**
   * How paging is checked: `sampled` (the default) reads a fixed number of pages per connection,
   * whatever the organisation's size; `full` walks every connection to its end (a nightly run).
   */
  walk: 'sampled' | 'full';
  /**
   * Which checks keep their requests and responses in the reports: `failing` (the default), those
   * that did not simply pass (failed, degraded, flaky, or with a warning), as Playwright keeps
   * traces on failure; `always`, every check. A healthy run's report then holds no response bodies.
   */
  keepExchanges: 'failing' | 'always';
  /**
   * What a kept response says: `shape` (the default), a JSON body's keys, types and counts and
   * the values a finding needs (ids, cursors, counts, errors), never the people in it, for the
   * report may be published; `full`, the body itself (redacted), to debug on your own machine.
   */
  keepBodies: 'shape' | 'full';
  /** Requests per connection a sampled paging check may spend. */
  pagingPages: number;
  /** Seeds the sampled windows' offsets; the same seed draws the same windows. */
  pagingSeed: number;
  /**
   * A check's own time budget, when set: past it, the check stops and says the monitor's budget
   * ran out. Unset, each check derives one from the requests it plans and the latency it sees.
   */
  checkTimeoutMs: number | undefined;
  /** Response-time thresholds by area: a check's p95 at or over degradedMs is degraded, over failedMs fails. */
  latency: LatencyConfig;
  /** How often the engine tries a broken check again, afresh, before it counts: a check that passes then is flaky, not failed. */
  retries: number;
  /**
   * Before a check's trouble counts (no answer, a 5xx, throttling past the budget), it is tried
   * again after each of these waits: a blip shorter than their sum never reaches a verdict.
   */
  confirmDelaysMs: number[];
  /** Who Slack alerts mention on failures: a user (U…/W…), a user group (S…), here or channel. */
  slackMention: string | undefined;
  alertPolicy: AlertPolicy;
}

/** One target's whole configuration: the run's settings with its target and credentials. */
export type MonitorConfig = RunSettings & TargetConfig;

/** Set by the runner for its workers, so every check of one run draws from the same seed. */
export const PAGING_SEED_VARIABLE = 'PLUVO_PAGING_SEED';

export const DEFAULT_SCOPES = ['users.read', 'trainings.read', 'groups.read', 'events.read'];

/** Variables that the harness sets itself; users never need them. */
export const SANDBOX_URL_VARIABLE = 'PLUVO_SANDBOX_URL';

/** The settings' source: process.env, or a plain object in tests and for one target's overrides. */
export type Env = Record<string, string | undefined>;

/** A target's whole configuration from the variables: the settings, then the target and its credentials. */
export function loadConfig(env: Env, settings: RunSettings = loadSettings(env)): MonitorConfig {
  return { ...settings, ...loadTargetConfig(env) };
}

/** The target the variables name (PLUVO_ORG, PLUVO_BASE_URL, or the embedded sandbox), and its credentials and scopes. */
export function loadTargetConfig(env: Env): TargetConfig {
  const target = readTarget(env);
  const isSandbox = target.kind === 'sandbox';
  const clientId = present(env.PLUVO_CLIENT_ID) ?? (isSandbox ? SANDBOX_DEMO_CLIENT.clientId : undefined);
  const clientSecret = present(env.PLUVO_CLIENT_SECRET) ?? (isSandbox ? SANDBOX_DEMO_CLIENT.clientSecret : undefined);
  const where = target.kind === 'org' ? 'PLUVO_ORG' : 'PLUVO_BASE_URL';
  if (!clientId) {
    throw new ConfigError(
      'PLUVO_CLIENT_ID',
      `is not set, but ${where} names a live target`,
      'Set it to the client id Pluvo issued for your API client (see .env.example)',
    );
  }
  if (!clientSecret) {
    throw new ConfigError(
      'PLUVO_CLIENT_SECRET',
      `is not set, but ${where} names a live target`,
      'Set it to the client secret Pluvo issued with PLUVO_CLIENT_ID (see .env.example)',
    );
  }
  if (target.kind === 'base-url') refuseSecretInClear(target.root, clientId, clientSecret);
  return { target, clientId, clientSecret, scopes: readScopes(env) };
}

/**
 * The client secret goes out with the run's first token request: over plain http only to this
 * machine, or to a sandbox elsewhere (another container) opened with its public demo client. A
 * real secret sent to any other plain http:// root (a proxy, a domain of Pluvo's under another
 * name) could be read by anyone on the way.
 */
function refuseSecretInClear(root: string, clientId: string, clientSecret: string): void {
  const url = new URL(root);
  if (url.protocol !== 'http:' || isLoopback(url.hostname)) return;
  const publicClient = [SANDBOX_DEMO_CLIENT, SANDBOX_EXPIRING_CLIENT].some((client) => client.clientId === clientId && client.clientSecret === clientSecret);
  if (publicClient) return;
  throw new ConfigError(
    'PLUVO_BASE_URL',
    `is a plain http:// address (${url.host}), which would send the client secret unencrypted`,
    'Give its https:// address (plain http is taken only for this machine: localhost, 127.0.0.1, ::1; or for a sandbox with its public demo client)',
  );
}

/** The settings that do not depend on the target: what alerting needs, too, where no credential is at hand. */
export function loadSettings(env: Env): RunSettings {
  return {
    slackWebhookUrl: readHttpUrl(
      env,
      'SLACK_WEBHOOK_URL',
      'Set it to your Slack incoming-webhook URL, or unset it to write alerts to reports/slack-message.json',
      'the webhook, a secret,',
    ),
    reportUrl: readHttpUrl(env, 'REPORT_URL', "Set it to the http(s) address of this run's published report, or unset it"),
    statusUrl: readHttpUrl(env, 'PLUVO_STATUS_URL', 'Set it to the http(s) address where the status page is published, or unset it'),
    heartbeatUrl: readHttpUrl(
      env,
      'PLUVO_HEARTBEAT_URL',
      "Set it to your heartbeat check's ping URL (e.g. https://hc-ping.com/<uuid>), or unset it",
      'the ping URL, a secret,',
    ),
    pushgatewayUrl: readHttpUrl(env, 'PLUVO_PUSHGATEWAY_URL', "Set it to your Pushgateway's address (e.g. http://pushgateway:9091), or unset it"),
    pagerDuty: readPagerDuty(env),
    alertWebhook: readAlertWebhook(env),
    gitHubIssues: readGitHubIssues(env),
    otel: readOtel(env),
    teamsWebhookUrl: readHttpUrl(env, 'TEAMS_WEBHOOK_URL', "Set it to your Teams channel's Workflows webhook URL, or unset it", 'the webhook, a secret,'),
    concurrency: readInteger(env, 'PLUVO_CONCURRENCY', 4, 1, 64),
    timeoutMs: readInteger(env, 'PLUVO_TIMEOUT_MS', 30_000, 100, 600_000),
    maxResponseBytes: readInteger(env, 'PLUVO_MAX_RESPONSE_BYTES', 5 * 1024 * 1024, 10_000, 1_000_000_000),
    retryBudgetMs: readInteger(env, 'PLUVO_RETRY_BUDGET_MS', 60_000, 0, 3_600_000),
    maxRequests: readInteger(env, 'PLUVO_MAX_REQUESTS', 20_000, 10, 10_000_000),
    strict: readFlag(env, 'PLUVO_STRICT'),
    inCI: readCI(env),
    walk: readChoice(env, 'PLUVO_WALK', ['sampled', 'full'] as const, 'sampled'),
    keepExchanges: readChoice(env, 'PLUVO_KEEP_EXCHANGES', ['failing', 'always'] as const, 'failing'),
    keepBodies: readChoice(env, 'PLUVO_KEEP_BODIES', ['shape', 'full'] as const, 'shape'),
    pagingPages: readInteger(env, 'PLUVO_PAGING_PAGES', 12, 8, 1_000),
    pagingSeed: readInteger(env, PAGING_SEED_VARIABLE, randomSeed(), 0, 2 ** 31 - 1),
    checkTimeoutMs: present(env.PLUVO_CHECK_TIMEOUT_MS) ? readInteger(env, 'PLUVO_CHECK_TIMEOUT_MS', 0, 1_000, 86_400_000) : undefined,
    latency: readLatency(env),
    retries: readInteger(env, 'PLUVO_RETRIES', 1, 0, 5),
    confirmDelaysMs: readDelays(env, 'PLUVO_CONFIRM_DELAYS_MS', [2_000, 10_000]),
    slackMention: readMention(env),
    alertPolicy: readAlertPolicy(env),
  };
}

/** A value for every area, with an override per area: PLUVO_DEGRADED_MS_PAGING=5000. */
function perArea(env: Env, variable: string, fallback: number, min: number, max: number): Record<Area, number> {
  const all = readInteger(env, variable, fallback, min, max);
  return Object.fromEntries(AREAS.map((area) => [area, readInteger(env, `${variable}_${area.toUpperCase()}`, all, min, max)])) as Record<Area, number>;
}

function readLatency(env: Env): LatencyConfig {
  const degradedMs = perArea(env, 'PLUVO_DEGRADED_MS', 2_000, 1, 600_000);
  const failedMs = perArea(env, 'PLUVO_TOO_SLOW_MS', 20_000, 1, 600_000);
  const inverted = AREAS.find((area) => failedMs[area] <= degradedMs[area]);
  if (inverted)
    throw new ConfigError(
      'PLUVO_TOO_SLOW_MS',
      `for ${inverted} (${failedMs[inverted]} ms) is not above PLUVO_DEGRADED_MS (${degradedMs[inverted]} ms)`,
      'Set the failing threshold above the degraded one',
    );
  return { degradedMs, failedMs };
}

const MENTION = /^(?:[UWS][A-Z0-9]{2,}|here|channel)$/;

function readMention(env: Env): string | undefined {
  const raw = present(env.SLACK_MENTION);
  if (!raw) return undefined;
  if (!MENTION.test(raw))
    throw new ConfigError(
      'SLACK_MENTION',
      `"${raw}" is not a Slack user, user group, here or channel`,
      'Give a member ID (U…), a user group ID (S…), here or channel, as Slack shows them',
    );
  return raw;
}

function readAlertPolicy(env: Env): AlertPolicy {
  const contract = readInteger(env, 'PLUVO_ALERT_AFTER_RUNS', 1, 1, 1_000);
  const afterRuns = Object.fromEntries(
    Object.entries(DEFAULT_POLICY.afterRuns).map(([key, fallback]) => {
      const isArea = (AREAS as readonly string[]).includes(key);
      return [key, readInteger(env, `PLUVO_ALERT_AFTER_RUNS_${key.toUpperCase().replace('-', '_')}`, isArea ? contract : fallback, 1, 1_000)];
    }),
  );
  return {
    afterRuns,
    afterMinutes: readInteger(env, 'PLUVO_ALERT_AFTER_MINUTES', 0, 0, 100_000),
    remindEveryHours: readInteger(env, 'PLUVO_REMIND_EVERY_HOURS', DEFAULT_POLICY.remindEveryHours, 1, 10_000),
    remindMax: readInteger(env, 'PLUVO_REMIND_MAX', DEFAULT_POLICY.remindMax, 0, 1_000),
    flakyAfterRuns: readInteger(env, 'PLUVO_FLAKY_ALERT_AFTER', DEFAULT_POLICY.flakyAfterRuns, 1, 1_000),
  };
}

/** A fresh seed for a run that names none; the run logs it so a failure can be drawn again. */
export function randomSeed(): number {
  return Math.floor(Math.random() * 2 ** 31);
}

function readChoice<T extends string>(env: Env, variable: string, choices: readonly T[], fallback: T): T {
  const raw = present(env[variable])?.toLowerCase();
  if (raw === undefined) return fallback;
  if ((choices as readonly string[]).includes(raw)) return raw as T;
  throw new ConfigError(
    variable,
    `"${env[variable]}" is not one of ${choices.join(', ')}`,
    `Set ${choices.map((c) => `${variable}=${c}`).join(' or ')}, or unset it for ${fallback}`,
  );
}

// A DNS label: it becomes the first label of <org>.pluvo.com.
const DNS_LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

export function readTarget(env: Env): Target {
  const org = present(env.PLUVO_ORG);
  const baseUrl = present(env.PLUVO_BASE_URL);
  if (org && baseUrl) {
    throw new ConfigError(
      'PLUVO_ORG',
      'and PLUVO_BASE_URL are both set',
      'Set only one: PLUVO_ORG for https://<org>.pluvo.com, or PLUVO_BASE_URL for another root',
    );
  }
  if (org) return { kind: 'org', org: readOrg(org), root: `https://${org.toLowerCase()}.pluvo.com` };
  if (baseUrl) return { kind: 'base-url', root: readOrigin(baseUrl) };
  return { kind: 'sandbox', root: present(env[SANDBOX_URL_VARIABLE]) };
}

function readOrg(value: string): string {
  const org = value.toLowerCase();
  if (DNS_LABEL.test(org)) return org;
  const hint = /\.pluvo\.(com|co)\b|^https?:/.test(org)
    ? `Give only the organisation part, e.g. PLUVO_ORG=${org.replace(/^https?:\/\//, '').split('.')[0] || 'acme'}`
    : 'Use letters, digits and inner hyphens only (at most 63), e.g. PLUVO_ORG=acme for https://acme.pluvo.com';
  throw new ConfigError('PLUVO_ORG', `"${value}" is not a DNS label`, hint);
}

function readOrigin(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError('PLUVO_BASE_URL', `"${value}" is not a URL`, 'Give an http(s) origin such as http://127.0.0.1:4010');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConfigError(
      'PLUVO_BASE_URL',
      `uses ${url.protocol.replace(':', '')}, not http or https`,
      'Give an http(s) origin such as https://acme.pluvo.com',
    );
  }
  if (url.username || url.password) {
    throw new ConfigError('PLUVO_BASE_URL', 'contains credentials', 'Remove user:password from the URL and use PLUVO_CLIENT_ID and PLUVO_CLIENT_SECRET');
  }
  // Pluvo serves https only: its token request over plain http would send the client secret in clear before any redirect.
  if (url.protocol === 'http:' && /(^|\.)pluvo\.com$/.test(url.hostname)) {
    throw new ConfigError(
      'PLUVO_BASE_URL',
      `is a plain http:// address at Pluvo (${url.host}), which would send the client secret unencrypted`,
      `Give https://${url.host}: Pluvo serves https only`,
    );
  }
  if ((url.pathname !== '/' && url.pathname !== '') || url.search || url.hash) {
    throw new ConfigError(
      'PLUVO_BASE_URL',
      `"${value}" has a path, query or fragment`,
      `Give the origin only (${url.origin}); /graphql/ and /oauth/token/ are added for you`,
    );
  }
  return url.origin;
}

const SCOPE = /^[a-z_]+\.(read|write)$/;

function readScopes(env: Env): string[] {
  const raw = present(env.PLUVO_SCOPES);
  if (!raw) return [...DEFAULT_SCOPES];
  const scopes = raw.split(/[\s,]+/).filter(Boolean);
  const bad = scopes.find((scope) => !SCOPE.test(scope));
  if (bad) {
    throw new ConfigError('PLUVO_SCOPES', `"${bad}" is not a scope`, 'List scopes separated by spaces, e.g. "users.read trainings.read events.read"');
  }
  return [...new Set(scopes)];
}

/** PagerDuty's routing key is an integration key: 32 letters and digits, as PagerDuty shows it. */
function readPagerDuty(env: Env): RunSettings['pagerDuty'] {
  const routingKey = present(env.PAGERDUTY_ROUTING_KEY);
  const eventsUrl =
    readHttpUrl(
      env,
      'PAGERDUTY_EVENTS_URL',
      "Set it to PagerDuty's Events API address, or unset it for https://events.pagerduty.com",
      present(env.PAGERDUTY_ROUTING_KEY) ? 'the routing key' : undefined,
    ) ?? 'https://events.pagerduty.com';
  if (!routingKey) return undefined;
  // The value is a secret: never echoed.
  if (!/^[A-Za-z0-9]{32}$/.test(routingKey))
    throw new ConfigError(
      'PAGERDUTY_ROUTING_KEY',
      'is not a PagerDuty integration key (32 letters and digits)',
      "Copy the service's Events API v2 integration key, or unset it",
    );
  return { routingKey, eventsUrl: eventsUrl.replace(/\/+$/, '') };
}

/** GitHub issues, when asked for: Actions gives GITHUB_TOKEN (with `issues: write`), GITHUB_REPOSITORY and GITHUB_API_URL. */
function readGitHubIssues(env: Env): RunSettings['gitHubIssues'] {
  if (!readFlag(env, 'PLUVO_GITHUB_ISSUES')) return undefined;
  const token = present(env.GITHUB_TOKEN);
  if (!token)
    throw new ConfigError(
      'GITHUB_TOKEN',
      'must be set for PLUVO_GITHUB_ISSUES=1',
      'Give the job `GITHUB_TOKEN: ${{ secrets.GITHUB_TOKEN }}` and `permissions: issues: write`, or unset PLUVO_GITHUB_ISSUES',
    );
  const repository = present(env.GITHUB_REPOSITORY);
  if (!repository || !/^[\w.-]+\/[\w.-]+$/.test(repository))
    throw new ConfigError(
      'GITHUB_REPOSITORY',
      'must be owner/name for PLUVO_GITHUB_ISSUES=1',
      'Set it to the repository the issues go to (Actions sets it), or unset PLUVO_GITHUB_ISSUES',
    );
  const apiUrl =
    readHttpUrl(env, 'GITHUB_API_URL', 'Set it to the GitHub API address (Actions sets it), or unset it for https://api.github.com', 'GITHUB_TOKEN') ??
    'https://api.github.com';
  return { token, repository, apiUrl: apiUrl.replace(/\/+$/, '') };
}

/**
 * OpenTelemetry's own variables, as every SDK reads them: the traces endpoint (as given) or the
 * endpoint with /v1/traces, its headers (k=v,k=v, the values URL-encoded; often a secret) and
 * timeout. Traces are sent as OTLP/HTTP JSON: another protocol is refused in one line.
 */
function readOtel(env: Env): RunSettings['otel'] {
  if (present(env.OTEL_SDK_DISABLED)?.toLowerCase() === 'true') return undefined;
  const traces = readHttpUrl(
    env,
    'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT',
    "Set it to your collector's OTLP/HTTP traces URL (e.g. http://localhost:4318/v1/traces), or unset it",
  );
  const base = readHttpUrl(env, 'OTEL_EXPORTER_OTLP_ENDPOINT', "Set it to your collector's OTLP/HTTP address (e.g. http://localhost:4318), or unset it");
  if (!traces && !base) return undefined;
  for (const variable of ['OTEL_EXPORTER_OTLP_TRACES_PROTOCOL', 'OTEL_EXPORTER_OTLP_PROTOCOL']) {
    const protocol = present(env[variable]);
    if (protocol && protocol !== 'http/json')
      throw new ConfigError(
        variable,
        `is "${protocol}"; the monitor sends traces as OTLP/HTTP JSON`,
        `Set it to http/json (every OTLP/HTTP collector takes it), or unset it`,
      );
  }
  const rawHeaders = present(env.OTEL_EXPORTER_OTLP_TRACES_HEADERS) ?? present(env.OTEL_EXPORTER_OTLP_HEADERS) ?? '';
  const headers: Record<string, string> = {};
  for (const pair of rawHeaders.split(',').filter((part) => part.trim())) {
    const at = pair.indexOf('=');
    if (at < 1) throw new ConfigError('OTEL_EXPORTER_OTLP_HEADERS', 'is not a list of key=value pairs', 'Give e.g. x-honeycomb-team=<key>,x-other=<value>');
    headers[pair.slice(0, at).trim().toLowerCase()] = decodedHeaderValue(pair.slice(at + 1).trim());
  }
  // Headers are where a vendor's key goes (e.g. x-honeycomb-team): not over plain http to another machine.
  const headerNames = Object.keys(headers);
  if (headerNames.length)
    refusePlainHttp(
      traces ? 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT' : 'OTEL_EXPORTER_OTLP_ENDPOINT',
      new URL(traces ?? base!),
      `its headers (${headerNames.join(', ')})`,
    );
  return {
    tracesUrl: traces ?? `${base!.replace(/\/+$/, '')}/v1/traces`,
    headers,
    timeoutMs: readInteger(env, 'OTEL_EXPORTER_OTLP_TIMEOUT', 10_000, 100, 600_000),
    serviceName: present(env.OTEL_SERVICE_NAME) ?? 'pluvo-contract-monitor',
    ...(present(env.GITHUB_RUN_ID) ? { pipelineRunId: present(env.GITHUB_RUN_ID)! } : {}),
  };
}

/** The signed webhook: a URL and the secret it is signed with, both or neither. */
function readAlertWebhook(env: Env): RunSettings['alertWebhook'] {
  const url = readHttpUrl(env, 'ALERT_WEBHOOK_URL', 'Set it to the http(s) address that takes the alert events, or unset it');
  const secret = present(env.ALERT_WEBHOOK_SECRET);
  if (!url && !secret) return undefined;
  if (!url) throw new ConfigError('ALERT_WEBHOOK_SECRET', 'is set without ALERT_WEBHOOK_URL', 'Set ALERT_WEBHOOK_URL too, or unset ALERT_WEBHOOK_SECRET');
  if (!secret || secret.length < 16)
    throw new ConfigError(
      'ALERT_WEBHOOK_SECRET',
      'must be set, at least 16 characters, with ALERT_WEBHOOK_URL',
      'Set it to a random secret the receiver also knows (e.g. openssl rand -hex 32)',
    );
  return { url, secret };
}

function readHttpUrl(env: Env, variable: string, fix: string, carries?: string): string | undefined {
  const raw = present(env[variable]);
  if (!raw) return undefined;
  let url: URL | undefined;
  try {
    url = new URL(raw);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    // The value itself may be a secret (a webhook URL): never echo it.
    throw new ConfigError(variable, 'is not an http(s) URL', fix);
  }
  refusePlainHttp(variable, url, carries ?? (url.username || url.password ? 'the user and password in it' : undefined));
  return raw;
}

/** An OTLP header's value, URL-encoded as the OTel spec has it; a stray % is one line, never the value (often a key). */
function decodedHeaderValue(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    throw new ConfigError(
      'OTEL_EXPORTER_OTLP_HEADERS',
      'has a value that is not URL-encoded (a % not followed by two hex digits)',
      'Write a % in a value as %25, or give the key as your vendor shows it',
    );
  }
}

/** A secret sent over plain http can be read by anyone on the way: refused, but for this machine's own loopback. */
function refusePlainHttp(variable: string, url: URL, secret: string | undefined): void {
  if (secret && url.protocol === 'http:' && !isLoopback(url.hostname))
    throw new ConfigError(
      variable,
      `is a plain http:// address, which would send ${secret} unencrypted`,
      'Give its https:// address (plain http is taken only for this machine: localhost, 127.0.0.1, ::1)',
    );
}

/** This machine's own addresses, where nothing sent leaves it. */
function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname.endsWith('.localhost') || hostname === '[::1]' || /^127(\.\d{1,3}){3}$/.test(hostname);
}

function readInteger(env: Env, variable: string, fallback: number, min: number, max: number): number {
  const raw = present(env[variable]);
  if (!raw) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(
      variable,
      `"${raw}" is not a whole number from ${min} to ${max}`,
      `Set a number in that range, or unset it for the default ${fallback}`,
    );
  }
  return value;
}

/** Waits in milliseconds, comma-separated ("2000,10000"); "0" or "" for none. */
function readDelays(env: Env, variable: string, fallback: number[]): number[] {
  const raw = env[variable]?.trim();
  if (raw === undefined || raw === '') return fallback;
  if (raw === '0') return [];
  const delays = raw.split(',').map((part) => Number(part.trim()));
  if (delays.some((delay) => !Number.isInteger(delay) || delay < 1 || delay > 600_000) || delays.length > 5)
    throw new ConfigError(
      variable,
      `"${raw}" is not up to five waits in milliseconds, comma-separated, each from 1 to 600000`,
      `Set e.g. ${variable}=2000,10000 (the default), or 0 to count trouble at once`,
    );
  return delays;
}

function readFlag(env: Env, variable: string): boolean {
  const raw = present(env[variable])?.toLowerCase();
  if (raw === undefined || raw === '0' || raw === 'false') return false;
  if (raw === '1' || raw === 'true') return true;
  throw new ConfigError(variable, `"${env[variable]}" is neither 1 nor 0`, 'Set 1 (or true) to turn it on, 0 or unset to leave it off');
}

/** CI services set `CI` to many things (true, 1, a name); only unset, empty, 0 or false mean "not CI". */
function readCI(env: Env): boolean {
  const raw = present(env.CI)?.toLowerCase();
  return raw !== undefined && raw !== '0' && raw !== 'false';
}

function present(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}
