import type { MonitorConfig } from '../config/load-config';
import type { GraphQLExchange } from '../pluvo/graphql-client';
import type { PluvoClients } from '../pluvo/pluvo-clients';
import type { Baseline } from '../baseline/baseline';
import type { DeprecationLog } from '../drift/deprecation-log';
import type { GraphQLSchema } from 'graphql';
import type { IntrospectionResult } from '../schema/introspect';
import { isBudgetMessage } from '../pluvo/budget';

/** Where in Pluvo's docs each promise stands, so a failure can point at it. */
export const DOCS = {
  gettingStarted: 'https://www.pluvo.com/en/developers/getting-started-2',
  introduction: 'https://www.pluvo.com/nl/developers/introduction-2',
  pagination: 'https://www.pluvo.com/nl/developers/pagination',
  requestData: 'https://pluvo.notion.site/Request-data-152a44d90b6c4710ac3867069a94ab08',
} as const;

export interface Finding {
  /** fail breaks the run; warn and info are reported only. */
  severity: 'fail' | 'warn' | 'info';
  message: string;
}

/** A raw exchange with a non-GraphQL endpoint (token endpoint, redirects), already redacted. */
export interface RawExchange {
  request: { method: string; url: string; note?: string };
  response: { status: number; headers: Record<string, string>; body: string } | { error: string };
  /** How long the answer took, when one came. */
  durationMs?: number;
}

/**
 * Why a check failed when it is not the contract's fault: the API did not answer (transport
 * failure, 5xx, a proxy page), kept throttling past the run's retry budget, or the monitor ran
 * out of its own request or time budget before it could reach a verdict.
 */
export type Trouble = 'unavailable' | 'throttled' | 'budget' | 'not-onboarded';

export interface CheckResult {
  findings: Finding[];
  /** Set on a failed check whose exchanges show the API down or throttling, not a broken contract. */
  trouble?: Trouble;
  exchanges: Array<GraphQLExchange | RawExchange>;
  /** Set when the check cannot run against this target; says why. */
  skipped?: string;
  /** Extra report material (a Markdown table, JSON), redacted on the way out. */
  attachments?: Array<{ name: string; contentType: string; body: string }>;
  /** A short line for the console. */
  summary?: string;
  /** Things worth telling people even when the run passes (e.g. deprecated fields we use). */
  notices?: string[];
}

export interface CheckContext {
  config: MonitorConfig;
  clients: PluvoClients;
  baseline: Baseline;
  deprecations: DeprecationLog;
  /** The stored snapshot (schemas/pluvo.graphql), loaded once. */
  snapshot: () => GraphQLSchema;
  sleep: (ms: number) => Promise<void>;
  /** The clock that time budgets and first-seen dates run by; the fault matrix's is virtual. */
  now: () => number;
  /** Observations are being pinned on purpose (onboarding, `npm run baseline`), also in CI. */
  pinning: boolean;
  /** The target's schema, introspected once per run. */
  liveSchema: () => Promise<IntrospectionResult>;
  /** Run something once per run (per worker) under a key, and share its result. */
  once: <T>(key: string, run: () => Promise<T>) => Promise<T>;
}

export const AREAS = ['auth', 'transport', 'paging', 'shape', 'schema'] as const;
export type Area = (typeof AREAS)[number];

export interface ContractCheck {
  /** Stable id: the fault matrix and the baseline refer to checks by it. */
  id: string;
  area: Area;
  /** The contract in plain words; the test title. */
  title: string;
  docs: string;
  /** Observes behaviour the docs leave open and pins it (`npm run baseline` runs these). */
  pinsBaseline?: boolean;
  run(context: CheckContext): Promise<CheckResult>;
}

/** Collects findings and exchanges while a check runs. */
export class CheckRecorder {
  readonly findings: Finding[] = [];
  readonly exchanges: Array<GraphQLExchange | RawExchange> = [];
  readonly attachments: Array<{ name: string; contentType: string; body: string }> = [];
  readonly notices: string[] = [];
  summary: string | undefined;

  attach(name: string, contentType: string, body: string): void {
    this.attachments.push({ name, contentType, body });
  }

  notice(message: string): void {
    this.notices.push(message);
  }

  fail(message: string): void {
    this.findings.push({ severity: 'fail', message });
  }

  warn(message: string): void {
    this.findings.push({ severity: 'warn', message });
  }

  info(message: string): void {
    this.findings.push({ severity: 'info', message });
  }

  /** Record a finding at a given severity. */
  add(severity: Finding['severity'], message: string): void {
    this.findings.push({ severity, message });
  }

  /** Record a failure unless the condition holds; returns the condition. */
  expect(condition: boolean, message: string): boolean {
    if (!condition) this.fail(message);
    return condition;
  }

  record<T extends GraphQLExchange | RawExchange>(exchange: T): T {
    this.exchanges.push(exchange);
    return exchange;
  }

  result(skipped?: string): CheckResult {
    const failures = this.findings.filter((f) => f.severity === 'fail');
    const trouble = failures.length
      ? failures.some((f) => isBudgetMessage(f.message))
        ? 'budget'
        : failures.every((f) => f.message.startsWith(NOT_ONBOARDED))
          ? 'not-onboarded'
          : troubleIn(this.exchanges)
      : undefined;
    return {
      findings: this.findings,
      exchanges: this.exchanges,
      ...(trouble ? { trouble } : {}),
      ...(skipped ? { skipped } : {}),
      ...(this.attachments.length ? { attachments: this.attachments } : {}),
      ...(this.summary ? { summary: this.summary } : {}),
      ...(this.notices.length ? { notices: this.notices } : {}),
    };
  }
}

function troubleIn(exchanges: ReadonlyArray<GraphQLExchange | RawExchange>): Trouble | undefined {
  let found: Trouble | undefined;
  for (const exchange of exchanges) {
    let status: number | undefined;
    if ('outcome' in exchange) {
      if (exchange.outcome.kind === 'transport') return isBudgetMessage(exchange.outcome.message) ? 'budget' : 'unavailable';
      status = exchange.outcome.kind === 'http-status' ? exchange.outcome.status : undefined;
    } else {
      if ('error' in exchange.response) return isBudgetMessage(exchange.response.error) ? 'budget' : 'unavailable';
      status = exchange.response.status;
    }
    if (status !== undefined && status >= 500) return 'unavailable';
    if (status === 429) found = 'throttled';
  }
  return found;
}

export const TROUBLE_LABEL: Record<Trouble, string> = {
  unavailable: 'Pluvo did not answer properly (network failure, timeout or 5xx): no contract verdict',
  throttled: 'Pluvo kept throttling (429) beyond the retry budget: no contract verdict',
  budget: 'Monitor budget exceeded (our own request or time limit, not Pluvo): no contract verdict',
  'not-onboarded': 'Target not onboarded: nothing is pinned for it, so there is nothing to compare with (run `npm run onboard`)',
};

/** How a finding says that the target was never onboarded, so nothing could be compared. */
export const NOT_ONBOARDED = 'Not onboarded:';

/**
 * In CI nothing observed is kept (a fresh checkout, no commit), so pinning there would pin afresh
 * every run and never see a change: a target without pins is "not onboarded" instead.
 */
export function mustNotPin(context: Pick<CheckContext, 'config' | 'pinning'>): boolean {
  return context.config.inCI && !context.pinning && context.config.target.kind !== 'sandbox';
}

export function failed(result: CheckResult): boolean {
  return result.findings.some((finding) => finding.severity === 'fail');
}
