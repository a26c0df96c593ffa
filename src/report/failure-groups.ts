import type { Cause } from '../pluvo/cause';
import { nameAtStart, VERDICT_OF_CAUSE } from '../outcome/verdict';
import type { CheckRecord, RunSummary } from './run-summary';
import { counted } from '../text/counted';
import { cutTo } from '../text/cut';

/**
 * Failures as people should read them: each broken contract on its own (each is news), and trouble
 * that shares a cause said once, "HTTP 502 (Bad Gateway) on 40 of 47 checks", with one example. A
 * run in which nothing answered is one group, not forty sections of the same proxy page.
 */
export interface TroubleGroup {
  cause: Exclude<Cause, 'contract'>;
  /** What the failures share: "HTTP 502 (Bad Gateway)", "connect ECONNREFUSED 127.0.0.1:4010". */
  key: string;
  checks: CheckRecord[];
  /** The first failure's words, for the example. */
  example: string;
  /** Not run at all: the preflight found this before any check. */
  notRun: boolean;
}

export interface FailureGroups {
  contract: CheckRecord[];
  trouble: TroubleGroup[];
  /** Checks that ran or were meant to (skipped ones do not count among "of N"). */
  ran: number;
}

export function groupFailures(checks: readonly CheckRecord[]): FailureGroups {
  const failed = checks.filter((check) => check.outcome === 'failed' || check.outcome === 'not-run');
  const trouble = new Map<string, TroubleGroup>();
  for (const check of failed) {
    if (!check.cause || check.cause === 'contract') continue;
    const first = check.failures.find((failure) => failure.cause === check.cause) ?? check.failures[0];
    const key = first?.key ?? first?.message ?? 'no details';
    const id = `${check.cause}\u0000${key}\u0000${check.outcome}`;
    const group = trouble.get(id) ?? { cause: check.cause, key, checks: [], example: first?.message ?? '', notRun: check.outcome === 'not-run' };
    group.checks.push(check);
    trouble.set(id, group);
  }
  return {
    contract: failed.filter((check) => !check.cause || check.cause === 'contract'),
    trouble: [...trouble.values()].sort((a, b) => b.checks.length - a.checks.length),
    ran: checks.filter((check) => check.outcome !== 'skipped').length,
  };
}

/** What a kind of trouble is, in a few words, at the start of a line: its verdict's name. */
export const troubleWords = (cause: TroubleGroup['cause']): string => nameAtStart(VERDICT_OF_CAUSE[cause]);

/** "Pluvo did not answer (HTTP 502 (Bad Gateway)) on 40 of 47 checks", or "… so none of the 47 checks was run". */
export function groupLine(group: TroubleGroup, ran: number): string {
  const how = group.notRun
    ? `before any check, so ${group.checks.length === ran ? (ran === 1 ? 'its only check was not run' : `none of the ${ran} checks was run`) : `${group.checks.length} of ${ran} checks ${group.checks.length === 1 ? 'was' : 'were'} not run`}`
    : `on ${group.checks.length} of ${counted(ran, 'check')}`;
  return `${troubleWords(group.cause)} (${group.key}) ${how}`;
}

/**
 * What broken contracts share when one change lies behind them, so that it is said once: a
 * GraphQL error the server gave ("Cannot query field "email" on type "User""), an HTTP status
 * with its reason, or else the finding itself.
 */
export function sharedFinding(message: string): string {
  const graphql =
    /Cannot query field "[^"]+" on type "[^"]+"|Unknown argument "[^"]+" on field "[^"]+"|Unknown type "[^"]+"|Value "[^"]+" does not exist in "[^"]+" enum/.exec(
      message,
    );
  if (graphql) return graphql[0];
  const status = /got (HTTP \d{3}(?::[^.;\n]{0,120})?)/.exec(message);
  return status?.[1]?.trim() ?? message;
}

/** What lies behind some broken contracts: a finding, and the checks it broke. */
export interface ContractCause {
  finding: string;
  checks: CheckRecord[];
}

/**
 * Broken contracts by what lies behind them, the probable cause first: the schema's own findings
 * (a removed field is the cause of what the other checks then meet), then what the most checks
 * share (one GraphQL error, one status), each once, then each check broken alone, in the order
 * the checks came.
 */
export function contractCauses(broken: readonly CheckRecord[]): ContractCause[] {
  const byFinding = new Map<string, CheckRecord[]>();
  for (const check of broken) {
    const finding = sharedFinding(check.failures[0]?.message ?? check.title);
    byFinding.set(finding, [...(byFinding.get(finding) ?? []), check]);
  }
  const causes = [...byFinding].map(([finding, checks]) => ({ finding, checks }));
  const isSchemas = (cause: ContractCause) => Number(cause.checks[0]!.area === 'schema');
  // Stable: among as many checks, the order in which they came.
  return causes.sort((a, b) => isSchemas(b) - isSchemas(a) || b.checks.length - a.checks.length);
}

/** How long a finding may be in a line that names a few: its gist (the report and the alert have it whole). */
const FINDING_SHOWN = 150;

/**
 * Causes as a short list, the probable cause first: a finding that several checks share, or the
 * schema's own, as what it is; a check broken alone, by its title; the first few, and how many
 * more checks.
 */
function causesLine(causes: readonly ContractCause[], shown = 3): string {
  const said = causes.slice(0, shown).map(({ finding, checks }) => {
    if (checks.length > 1) return `${cutTo(finding, FINDING_SHOWN, '…')} (${counted(checks.length, 'check')})`;
    return checks[0]!.area === 'schema' ? cutTo(finding, FINDING_SHOWN, '…') : checks[0]!.title;
  });
  const more = causes.slice(shown).reduce((sum, cause) => sum + cause.checks.length, 0);
  return `${said.join('; ')}${more ? `; and ${counted(more, 'more check')}` : ''}`;
}

/** Titles as a short list: the first few, and how many more. */
export function titles(checks: readonly Pick<CheckRecord, 'title'>[], shown = 3): string {
  const listed = checks.slice(0, shown).map((check) => check.title);
  return `${listed.join('; ')}${checks.length > shown ? `; and ${checks.length - shown} more` : ''}`;
}

/**
 * What is wrong with a run, in one line: what the console's verdict line, the state kept between
 * runs ("what recovered") and the status page say.
 */
export function troubleLine(summary: Pick<RunSummary, 'verdict' | 'checks' | 'monitorError'>): string {
  const groups = groupFailures(summary.checks);
  switch (summary.verdict) {
    case 'passed':
      return 'every contract held';
    case 'interrupted':
      return 'the run was stopped before it completed';
    case 'monitor-error':
      return `the monitor itself failed: ${summary.monitorError ?? 'unknown reason'}`;
    case 'degraded': {
      const slow = summary.checks.filter((check) => check.outcome === 'degraded');
      return `${counted(slow.length, 'check')} slow: ${titles(slow)}`;
    }
    case 'flaky': {
      const flaky = summary.checks.filter((check) => check.outcome === 'flaky');
      return `${counted(flaky.length, 'check')} passed only on retry: ${titles(flaky)}`;
    }
    case 'failed':
      return `${counted(groups.contract.length, 'contract')} broken: ${causesLine(contractCauses(groups.contract))}`;
    default: {
      const [first, ...others] = groups.trouble;
      if (!first) return summary.verdict;
      return `${groupLine(first, groups.ran)}${others.length ? `; and ${counted(others.length, 'other trouble')}` : ''}`;
    }
  }
}
