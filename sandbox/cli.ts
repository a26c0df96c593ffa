/**
 * `npm run sandbox`: the local Pluvo in the foreground. Prints its base URL and demo credentials,
 * and stops cleanly on Ctrl-C or SIGTERM.
 */
import { parseArgs } from 'node:util';
import { DEMO_CLIENT, EXPIRING_CLIENT } from './demo-clients';
import { describeFaults, parseFaults } from './faults';
import { DEFAULT_SANDBOX_OPTIONS, startSandbox, type SandboxOptions } from './server';

const HELP = `Usage: npm run sandbox -- [options]

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
  --help              this text

Faults:
${describeFaults()}
`;

/** Bad options: the same exit code as the monitor's own configuration errors. */
const CONFIG_EXIT_CODE = 2;

function fail(message: string): never {
  process.stderr.write(`sandbox: ${message}\n`);
  process.exit(CONFIG_EXIT_CODE);
}

function integer(name: string, raw: string | undefined, fallback: number, min: number, max: number): number {
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) fail(`${name} must be a whole number from ${min} to ${max}, not "${raw}". See --help.`);
  return value;
}

function readOptions(argv: string[]): Partial<SandboxOptions> | 'help' {
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
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    });
  } catch (error) {
    fail(`${(error as Error).message}. See --help.`);
  }
  const { values } = parsed;
  if (values.help) return 'help';
  const overLimit = values['over-limit'] ?? 'error';
  if (overLimit !== 'error' && overLimit !== 'clamp') fail(`--over-limit must be "error" or "clamp", not "${overLimit}".`);
  let faults;
  try {
    faults = parseFaults(values.faults ?? process.env.SANDBOX_FAULTS);
  } catch (error) {
    fail((error as Error).message);
  }
  const d = DEFAULT_SANDBOX_OPTIONS;
  return {
    port: integer('--port', values.port ?? process.env.SANDBOX_PORT, d.port, 0, 65_535),
    seed: integer('--seed', values.seed, d.seed, 0, 2 ** 31),
    users: integer('--users', values.users, d.users, 1, 100_000),
    tokenTtlSeconds: integer('--token-ttl', values['token-ttl'], d.tokenTtlSeconds, 1, 10 * 365 * 86_400),
    latencyMs: integer('--latency-ms', values['latency-ms'], 0, 0, 600_000),
    churnPerSecond: integer('--churn', values.churn, 0, 0, 10_000),
    rateLimit: integer('--rate-limit', values['rate-limit'], 0, 0, 100_000),
    rateBurst: integer('--rate-burst', values['rate-burst'], d.rateBurst, 1, 100_000),
    overLimit,
    faults,
  };
}

const options = readOptions(process.argv.slice(2));
if (options === 'help') {
  process.stdout.write(HELP);
  process.exit(0);
}

const sandbox = await startSandbox(options).catch((error: NodeJS.ErrnoException) => {
  if (error.code === 'EADDRINUSE') fail(`port ${options.port} is in use. Pick another with --port, or --port 0 for a free one.`);
  throw error;
});
const faults = [...(options.faults ?? [])];
process.stdout.write(
  [
    `Pluvo sandbox listening on ${sandbox.url}`,
    `  GraphQL:      POST ${sandbox.url}/graphql/`,
    `  Tokens:       POST ${sandbox.url}/oauth/token/`,
    `  Demo client:  client_id=${DEMO_CLIENT.clientId} client_secret=${DEMO_CLIENT.clientSecret}`,
    `  Short-lived:  client_id=${EXPIRING_CLIENT.clientId} client_secret=${EXPIRING_CLIENT.clientSecret} (tokens live ${EXPIRING_CLIENT.tokenTtlSeconds} s)`,
    `  Data:         seed ${options.seed}, ${sandbox.store.data.users.length} users${options.churnPerSecond ? `, ${options.churnPerSecond} created and archived a second` : ''}`,
    `  Faults:       ${faults.length ? faults.join(', ') : 'none'}`,
    '',
  ].join('\n'),
);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void sandbox.close().then(() => process.exit(0));
  });
}
