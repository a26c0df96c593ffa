import type { AppOperation } from '../contracts/app-operations';
import type { MonitorConfig } from '../config/load-config';
import type { PluvoClients } from '../pluvo/pluvo-clients';
import type { Baseline } from '../knowledge/baseline';
import type { DeprecationLog } from '../knowledge/deprecation-log';
import type { GraphQLSchema } from 'graphql';
import type { IntrospectionResult } from '../schema/introspect';
import { causeOf, troubleKeyOf, type GraphQLExchange, type GraphQLOutcome } from '../pluvo/graphql-client';
import { causeOfStatus, troubleKey, type Cause, type Problem } from '../pluvo/cause';
import type { Area } from '../config/areas';
import type { Knowledge } from '../knowledge/layout';
import type { Pin } from '../knowledge/pins';

export type { Pin };
import type { ContractOperation } from '../contracts/manifest';

/** Where in Pluvo's docs each promise stands, so a failure can point at it. */
export const DOCS = {
  gettingStarted: 'https://www.pluvo.com/en/developers/getting-started-2',
  introduction: 'https://www.pluvo.com/nl/developers/introduction-2',
  pagination: 'https://www.pluvo.com/nl/developers/pagination',
  requestData: 'https://pluvo.notion.site/Request-data-152a44d90b6c4710ac3867069a94ab08',
} as const;

/** What a check found. A failure says why, as it was seen (see Cause); warnings and notes are reported only. */
export interface Finding {
  severity: 'fail' | 'warn' | 'info';
  message: string;
  /** Failures only: why; a failure that says nothing is the contract's. */
  cause?: Cause;
  /** Failures that are not the contract's: the trouble they share with others (see troubleKey). */
  key?: string;
}

/** A raw exchange with a non-GraphQL endpoint (token endpoint, redirects), already redacted. */
export interface RawExchange {
  request: { method: string; url: string; note?: string };
  response: { status: number; headers: Record<string, string>; body: string; shape?: string } | { error: string; reason: Cause };
  /** How long the answer took, when one came. */
  durationMs?: number;
  /** When it ended, in ms since the epoch: for a trace's span. */
  endedAt?: number;
}

export interface CheckResult {
  findings: Finding[];
  exchanges: Array<GraphQLExchange | RawExchange>;
  /** Set when the check cannot run against this target; says why. */
  skipped?: string;
  /** Extra report material (a Markdown table, JSON), redacted on the way out. */
  attachments?: Array<{ name: string; contentType: string; body: string }>;
  /** A short line for the console. */
  summary?: string;
  /** Things worth telling people even when the run passes (e.g. deprecated fields we use). */
  notices?: string[];
  /** What this check observed for the first time, to keep (see Pin). */
  pins?: Pin[];
  /** Our operations the check is about (a shape check's operation, those a schema change touches). */
  operations?: string[];
  /** Counts for metrics and the status page (schema changes by criticality, deprecated fields we use). */
  facts?: Record<string, number>;
}

export interface CheckContext {
  config: MonitorConfig;
  clients: PluvoClients;
  /** Where this target's snapshot, response schemas, pins and dates are kept. */
  knowledge: Knowledge;
  /** Our operations (the knowledge's contracts), loaded once. */
  operations: readonly ContractOperation[];
  /** The operations the application keeps in its own files (pluvo-monitor.json "operations"): validated and counted in drift, never sent. */
  appOperations: readonly AppOperation[];
  baseline: Baseline;
  deprecations: DeprecationLog;
  /** The target's stored snapshot, loaded once. */
  snapshot: () => GraphQLSchema;
  sleep: (ms: number) => Promise<void>;
  /** The clock that time budgets and first-seen dates run by; the fault matrix's is virtual. */
  now: () => number;
  /** Observations are being pinned on purpose (onboarding, `npm run baseline`), also in CI. */
  pinning: boolean;
  /** The target's schema, introspected once per run. */
  liveSchema: () => Promise<IntrospectionResult>;
  /** A line for the console while a check runs (a long walk's progress); not kept in the reports. */
  say: (line: string) => void;
  /** Where the target's scopes were set: PLUVO_SCOPES, or its entry in the targets file. */
  scopesSetIn: string;
  /** The same context with nothing cached (the live schema, operations' answers): a confirmation looks afresh. */
  fresh: () => CheckContext;
  /** Trouble confirmed by an earlier check of this run: Pluvo did not answer through its waits, at this time. */
  outage: OutageMemory;
  /** Run something once per run (per worker) under a key, and share its result. */
  once: <T>(key: string, run: () => Promise<T>) => Promise<T>;
}

/**
 * When an earlier check confirmed that the target was not answering (src/run/confirm.ts): kept in
 * memory, one a target, in the run's engine, so the checks after it do not wait the whole
 * confirmation again.
 */
export interface OutageMemory {
  confirmedAt(): number | undefined;
  confirm(at: number): void;
  clear(): void;
}

/** An outage memory of this process alone. */
export function outageInMemory(): OutageMemory {
  let at: number | undefined;
  return {
    confirmedAt: () => at,
    confirm: (when) => {
      at = when;
    },
    clear: () => {
      at = undefined;
    },
  };
}

export interface ContractCheck {
  /** Stable id: the fault matrix and the baseline refer to checks by it. */
  id: string;
  area: Area;
  /** The contract in plain words; the test title. */
  title: string;
  docs: string;
  /** Observes behaviour the docs leave open and pins it (`npm run baseline` runs these). */
  pinsBaseline?: boolean;
  /** Its own response-time thresholds (an operation's, from the manifest), over its area's. */
  latency?: { degradedMs?: number; failedMs?: number };
  run(context: CheckContext): Promise<CheckResult>;
}

/** Collects findings and exchanges while a check runs. */
export class CheckRecorder {
  readonly findings: Finding[] = [];
  readonly exchanges: Array<GraphQLExchange | RawExchange> = [];
  readonly attachments: Array<{ name: string; contentType: string; body: string }> = [];
  readonly notices: string[] = [];
  readonly pins: Pin[] = [];
  readonly operations = new Set<string>();
  readonly facts: Record<string, number> = {};
  summary: string | undefined;

  attach(name: string, contentType: string, body: string): void {
    this.attachments.push({ name, contentType, body });
  }

  notice(message: string): void {
    this.notices.push(message);
  }

  /** A failure, with why: the contract's unless the check saw otherwise. */
  fail(message: string, cause: Cause = 'contract', key?: string): void {
    this.findings.push({ severity: 'fail', message, ...(cause !== 'contract' ? { cause, ...(key ? { key } : {}) } : {}) });
  }

  /** A failure because of how Pluvo answered: its cause and trouble come from the answer. */
  failOn(outcome: GraphQLOutcome, message: string): void {
    this.fail(message, causeOf(outcome), troubleKeyOf(outcome));
  }

  /** A failure of a typed problem (a page that could not be read, a walk that had to stop). */
  failProblem(problem: Problem, prefix = ''): void {
    this.fail(`${prefix}${problem.message}`, problem.cause, problem.key);
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
  expect(condition: boolean, message: string, cause: Cause = 'contract', key?: string): boolean {
    if (!condition) this.fail(message, cause, key);
    return condition;
  }

  /** Keep an observation for a committed file (see Pin). */
  pin(pin: Pin): void {
    this.pins.push(pin);
  }

  record<T extends GraphQLExchange | RawExchange>(exchange: T): T {
    this.exchanges.push(exchange);
    return exchange;
  }

  result(skipped?: string): CheckResult {
    return {
      findings: this.findings,
      exchanges: this.exchanges,
      ...(skipped ? { skipped } : {}),
      ...(this.attachments.length ? { attachments: this.attachments } : {}),
      ...(this.summary ? { summary: this.summary } : {}),
      ...(this.notices.length ? { notices: this.notices } : {}),
      ...(this.pins.length ? { pins: this.pins } : {}),
      ...(this.operations.size ? { operations: [...this.operations].sort() } : {}),
      ...(Object.keys(this.facts).length ? { facts: this.facts } : {}),
    };
  }
}

/** The cause and trouble of a raw answer (token endpoint, redirect): its status, or why there was none. */
export function rawCause(response: RawExchange['response']): { cause: Cause; key?: string } {
  if ('error' in response) return { cause: response.reason, ...(response.reason === 'unavailable' ? { key: troubleKey(response.error) } : {}) };
  const cause = causeOfStatus(response.status);
  return cause === 'contract' ? { cause } : { cause, key: troubleKey(`HTTP ${response.status}: ${response.body}`) };
}

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
