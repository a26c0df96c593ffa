/**
 * The sandbox's command line, as a function: what its arguments and environment mean, and the
 * one line that says what is wrong with them.
 */
import { parseArgs } from 'node:util';
import { ALL_SCOPES } from './demo-clients';
import { describeFaults, parseFaults } from './faults';
import { DEFAULT_SANDBOX_OPTIONS, type SandboxOptions } from './options';

/** How the command was typed: its npm script here, the package's bin where it is installed (which says so). */
let typed = { command: 'npm run sandbox', beforeOptions: '-- ' };
export function sandboxTypedAs(command: string): void {
  typed = { command, beforeOptions: '' };
}
const seeHelp = () => `See ${typed.command} ${typed.beforeOptions}--help.`;

export const help = () => `Usage: ${typed.command} ${typed.beforeOptions}[options]

A local Pluvo GraphQL API on 127.0.0.1 with seeded data and switchable faults.

Options:
  --port N            port to listen on, 0 for a free one (env SANDBOX_PORT; default ${DEFAULT_SANDBOX_OPTIONS.port})
  --seed N            data seed; the same seed serves the same data (default ${DEFAULT_SANDBOX_OPTIONS.seed})
  --users N           number of users, up to 100000 (default ${DEFAULT_SANDBOX_OPTIONS.users})
  --token-ttl S       token lifetime in seconds (default ${DEFAULT_SANDBOX_OPTIONS.tokenTtlSeconds})
  --latency-ms N      delay added to every response (default 0)
  --churn RATE        users created (listed first) and archived per second while serving, like
                      a live organisation whose HR sync runs (default 0)
  --rate-limit N      requests a second per API client, 0 for none (default 0)
  --rate-burst N      burst size of the rate limit (default ${DEFAULT_SANDBOX_OPTIONS.rateBurst})
  --over-limit MODE   first/last over 50: "error" (default) or "clamp"
  --faults a,b        faults to switch on (env SANDBOX_FAULTS)
  --outage-ms N       a short outage: POST /graphql/ gets a proxy's 502 for the first N ms from
                      the first GraphQL request on, like a failover as a run begins (env
                      SANDBOX_OUTAGE_MS; default 0)
  --refuse-scopes a,b scopes the demo clients were not granted: asking for one gets invalid_scope
                      (env SANDBOX_REFUSE_SCOPES)
  --help              this text

Faults:
${describeFaults()}
`;

/** Bad options, as one line for the command line to print. */
export class OptionsError extends Error {}

function fail(message: string): never {
  throw new OptionsError(message);
}

function integer(name: string, raw: string | undefined, fallback: number, min: number, max: number): number {
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) fail(`${name} must be a whole number from ${min} to ${max}, not "${raw}". ${seeHelp()}`);
  return value;
}

/** A list of the sandbox's scopes; an unknown one is a typo, said with the scopes there are. */
export function parseScopes(name: string, raw: string | undefined): string[] {
  const scopes = (raw ?? '').split(/[\s,]+/).filter(Boolean);
  const unknown = scopes.filter((scope) => !ALL_SCOPES.includes(scope));
  if (unknown.length) fail(`${name}: "${unknown[0]}" is not a scope of the sandbox; it has ${ALL_SCOPES.join(', ')}.`);
  return scopes;
}

/** The sandbox's options from its arguments and environment; bad ones throw an OptionsError. */
export function readOptions(argv: string[], env: Record<string, string | undefined> = process.env): Partial<SandboxOptions> | 'help' {
  // Help first, whatever else is on the line: it does nothing else.
  if (argv.some((word) => word === '--help' || word === '-h')) return 'help';
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: {
        port: { type: 'string' },
        seed: { type: 'string' },
        users: { type: 'string' },
        'token-ttl': { type: 'string' },
        'latency-ms': { type: 'string' },
        churn: { type: 'string' },
        'rate-limit': { type: 'string' },
        'rate-burst': { type: 'string' },
        'over-limit': { type: 'string' },
        faults: { type: 'string' },
        'outage-ms': { type: 'string' },
        'refuse-scopes': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    });
  } catch (error) {
    fail(`${explain((error as Error).message)}. ${seeHelp()}`);
  }
  const { values } = parsed;
  if (values.help) return 'help';
  const overLimit = values['over-limit'] ?? 'error';
  if (overLimit !== 'error' && overLimit !== 'clamp') fail(`--over-limit must be "error" or "clamp", not "${overLimit}".`);
  let faults;
  try {
    faults = parseFaults(values.faults ?? env.SANDBOX_FAULTS);
  } catch (error) {
    fail((error as Error).message);
  }
  const d = DEFAULT_SANDBOX_OPTIONS;
  return {
    port: integer(values.port === undefined && env.SANDBOX_PORT ? 'SANDBOX_PORT' : '--port', values.port ?? env.SANDBOX_PORT, d.port, 0, 65_535),
    seed: integer('--seed', values.seed, d.seed, 0, 2 ** 31),
    users: integer('--users', values.users, d.users, 1, 100_000),
    tokenTtlSeconds: integer('--token-ttl', values['token-ttl'], d.tokenTtlSeconds, 1, 10 * 365 * 86_400),
    latencyMs: integer('--latency-ms', values['latency-ms'], 0, 0, 600_000),
    churnPerSecond: integer('--churn', values.churn, 0, 0, 10_000),
    rateLimit: integer('--rate-limit', values['rate-limit'], 0, 0, 100_000),
    rateBurst: integer('--rate-burst', values['rate-burst'], d.rateBurst, 1, 100_000),
    overLimit,
    faults,
    outageMs: integer('--outage-ms', values['outage-ms'] ?? env.SANDBOX_OUTAGE_MS, 0, 0, 3_600_000),
    refusedScopes: parseScopes('--refuse-scopes', values['refuse-scopes'] ?? env.SANDBOX_REFUSE_SCOPES),
  };
}

/** The option names a mistyped one may stand for: those it is the start of, or that are the start of it. */
const OPTION_NAMES = [
  'port',
  'seed',
  'users',
  'token-ttl',
  'latency-ms',
  'churn',
  'rate-limit',
  'rate-burst',
  'over-limit',
  'faults',
  'outage-ms',
  'refuse-scopes',
  'help',
];

/** Node's "Unknown option '--user'" as a person would want it: the option meant, when one is plain. */
function explain(message: string): string {
  const unknown = /Unknown option '(-{1,2})([^']+)'/.exec(message);
  if (!unknown) return message.replace(/\.$/, '');
  const typed = unknown[2]!;
  const meant = OPTION_NAMES.find((name) => name.startsWith(typed) || typed.startsWith(name));
  return `unknown option ${unknown[1]}${typed}${meant ? ` (did you mean --${meant}?)` : ''}`;
}
