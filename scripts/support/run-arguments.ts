import { parseArgs } from 'node:util';
import { explainArgumentError, typedAs } from './command-line';

/**
 * What `npm start` takes on its command line: options of ours (--full, --target) and the
 * Playwright options that make sense for a monitoring run, passed on as they are. Anything else is
 * our user's mistake: one line with the fix, exit 2, before a request is sent, never Playwright's
 * "error: unknown option" (exit 1) or a run that quietly checks everything.
 */
export function usage(): string {
  const { typed, beforeOptions } = typedAs('npm start');
  return `Usage: ${typed} [${beforeOptions}options]

  --full                 complete walks of every connection (a nightly run; PLUVO_WALK=full)
  --target NAME          only this organisation of the targets file (repeatable)
  --grep, -g REGEXP      only the checks whose title or tag matches (e.g. @auth, @paging, "first: 51")
  --grep-invert REGEXP   all but those
  --shard I/N            this machine's part of a sharded run (a blob report; npm run alert merges)
  --workers, -j N        Playwright workers
  --retries N            retries of a failed check (PLUVO_RETRIES)
  --max-failures, -x N   stop after N failed checks
  --list                 list the checks, run nothing
  --help                 this text
`;
}

/** Playwright's options that a run passes on: name → whether it takes a value. */
const PASSED_ON: Record<string, { value: boolean; short?: string }> = {
  grep: { value: true, short: 'g' },
  'grep-invert': { value: true },
  project: { value: true },
  shard: { value: true },
  workers: { value: true, short: 'j' },
  retries: { value: true },
  'max-failures': { value: true, short: 'x' },
  'repeat-each': { value: true },
  timeout: { value: true },
  'global-timeout': { value: true },
  list: { value: false },
  quiet: { value: false },
  'fail-on-flaky-tests': { value: false },
};

/** Playwright options that would undo what a monitoring run promises, and why. */
const REFUSED: Record<string, string> = {
  trace: 'traces record request headers verbatim, tokens included, and cannot be redacted; the HTML report has every exchange, redacted',
  reporter: 'it would replace the reporters that write the history, the alert and the status page; the run already writes HTML, JSON and JUnit',
  config: 'the monitored suite has one configuration, playwright.config.ts',
  ui: 'a monitoring run has no browser',
  headed: 'a monitoring run has no browser',
  debug: 'a monitoring run has no browser',
  'update-snapshots': 'snapshots are pulled with npm run schema:pull',
};

export interface RunArguments {
  full: boolean;
  help: boolean;
  /** Organisations of the targets file asked for, by name. */
  targets: string[];
  /** What goes on to Playwright, as given. */
  playwright: string[];
  /** Whether the run is narrowed (by grep, project or target): then it must still select a check. */
  narrowed: boolean;
  sharded: boolean;
}

export class ArgumentError extends Error {}

export function parseRunArguments(argv: readonly string[]): RunArguments {
  const options: Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }> = {
    full: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
    target: { type: 'string', multiple: true },
  };
  for (const [name, spec] of Object.entries(PASSED_ON))
    options[name] = { type: spec.value ? 'string' : 'boolean', ...(spec.short ? { short: spec.short } : {}) };
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options, strict: true, allowPositionals: true, tokens: true });
  } catch (error) {
    throw new ArgumentError(explain(error as Error));
  }
  if (parsed.positionals.length)
    throw new ArgumentError(
      `unexpected argument "${parsed.positionals[0]}": to run some checks, name them with --grep (e.g. ${typedAs('npm start').typed} ${typedAs('npm start').beforeOptions}--grep @auth). ${seeHelp()}`,
    );
  const playwright: string[] = [];
  for (const token of parsed.tokens) {
    if (token.kind !== 'option' || !(token.name in PASSED_ON)) continue;
    const wrong = token.value === undefined ? undefined : VALUES[token.name]?.(token.value);
    if (wrong) throw new ArgumentError(`--${token.name} ${wrong}, not "${token.value}". ${seeHelp()}`);
    playwright.push(`--${token.name}`, ...(token.value !== undefined ? [token.value] : []));
  }
  const values = parsed.values as Record<string, unknown>;
  const targets = (values.target as string[] | undefined) ?? [];
  return {
    full: values.full === true,
    help: values.help === true,
    targets,
    playwright,
    narrowed: ['grep', 'grep-invert', 'project'].some((name) => values[name] !== undefined),
    sharded: values.shard !== undefined,
  };
}

/** Where the help is, as the run was typed. */
export function seeHelp(): string {
  const { typed, beforeOptions } = typedAs('npm start');
  return `See ${typed} ${beforeOptions}--help.`;
}

const wholeNumber = (least: number) => (value: string) =>
  /^\d+$/.test(value) && Number(value) >= least ? undefined : `takes a whole number of at least ${least}`;

/**
 * What each value passed on to Playwright must look like, checked here: Playwright says a bad
 * --shard or --workers with a stack trace and exit 1, and takes a bad --retries or --timeout
 * silently as no setting at all.
 */
const VALUES: Record<string, (value: string) => string | undefined> = {
  shard: (value) => {
    const [current, total] = (/^(\d+)\/(\d+)$/.exec(value) ?? []).slice(1).map(Number);
    return current && total && current <= total ? undefined : "takes this machine's part and the number of parts, e.g. --shard 1/2";
  },
  workers: (value) => (/^([1-9]\d*|[1-9]\d?%|100%)$/.test(value) ? undefined : 'takes a number of workers of at least 1, or a share of the cores such as 50%'),
  retries: wholeNumber(0),
  'max-failures': wholeNumber(0),
  'repeat-each': wholeNumber(1),
  timeout: wholeNumber(0),
  'global-timeout': wholeNumber(0),
};

function explain(error: Error): string {
  const refused = /Unknown option '--([^']+)'/.exec(error.message)?.[1];
  if (refused && REFUSED[refused]) return `--${refused} is not for a monitoring run: ${REFUSED[refused]}. ${seeHelp()}`;
  const missing = /Option '(?:-\w, )?--([\w-]+) <value>' argument missing/.exec(error.message);
  if (missing)
    return `--${missing[1]} takes a value, e.g. --${missing[1]} ${missing[1] === 'target' ? 'acme' : missing[1] === 'grep' ? '@auth' : '…'}. ${seeHelp()}`;
  return `${explainArgumentError(error, Object.fromEntries(['full', 'target', ...Object.keys(PASSED_ON)].map((name) => [name, {}])))}. ${seeHelp()}`;
}
