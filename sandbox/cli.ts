/**
 * `npm run sandbox`: the local Pluvo in the foreground. Prints its base URL and demo credentials,
 * and stops cleanly on Ctrl-C or SIGTERM.
 */
import { help, OptionsError, readOptions } from './cli-options';
import { DEMO_CLIENT, EXPIRING_CLIENT } from './demo-clients';
import { startSandbox } from './server';

/** Bad options: the same exit code as the monitor's own configuration errors. */
const CONFIG_EXIT_CODE = 2;

function fail(message: string): never {
  process.stderr.write(`sandbox: ${message}\n`);
  process.exit(CONFIG_EXIT_CODE);
}

let options: ReturnType<typeof readOptions>;
try {
  options = readOptions(process.argv.slice(2));
} catch (error) {
  if (!(error instanceof OptionsError)) throw error;
  fail(error.message);
}
if (options === 'help') {
  process.stdout.write(help());
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
    ...(options.outageMs ? [`  Outage:       POST /graphql/ gets a 502 for ${options.outageMs} ms from the first GraphQL request on`] : []),
    ...(options.refusedScopes?.length ? [`  Not granted:  ${options.refusedScopes.join(' ')} (asking for one gets invalid_scope)`] : []),
    '',
  ].join('\n'),
);

// Stopped, it exits as a stopped command does (130 for SIGINT, 143 for SIGTERM), which cron,
// systemd and npm read as such; the same stop arriving twice (to the group, and passed on by npm) is one.
let closing = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (closing) return;
    closing = true;
    void sandbox.close().then(() => process.exit(signal === 'SIGINT' ? 130 : 143));
  });
}
