/**
 * For CI: export, from the repository's secrets (given as JSON in SECRETS), exactly the
 * credentials the targets file names (clientIdEnv, clientSecretEnv) into the job's environment
 * ($GITHUB_ENV), masked in the log. No other secret is exported; a named one that is missing is
 * one line and exit 2, before any check runs.
 */
import { appendFileSync } from 'node:fs';
import { CONFIG_EXIT_CODE, exitOnConfigError } from '../src/config/config-error';
import { loadTargets, targetsPath } from '../src/targets/targets-file';

function fail(message: string): never {
  process.stderr.write(`ci-credentials: ${message}\n`);
  process.exit(CONFIG_EXIT_CODE);
}

const path = targetsPath(process.env) ?? fail('no targets file: set PLUVO_TARGETS or commit targets.json (see targets.json.example).');
const targets = exitOnConfigError(() => loadTargets(path));
let secrets: Record<string, string>;
try {
  secrets = JSON.parse(process.env.SECRETS ?? '') as Record<string, string>;
} catch {
  fail('SECRETS is not the JSON of the repository secrets; pass SECRETS: ${{ toJSON(secrets) }}.');
}
const out = process.env.GITHUB_ENV ?? fail('GITHUB_ENV is not set; this runs inside a GitHub Actions job.');
const names = [...new Set(targets.flatMap((target) => [target.clientIdEnv, target.clientSecretEnv]))];
const missing = names.filter((name) => !secrets[name]);
if (missing.length) fail(`the repository has no secret ${missing.join(', ')}, which ${path} names; add it under Settings → Secrets and variables → Actions.`);
for (const name of names) {
  const value = secrets[name]!;
  process.stdout.write(`::add-mask::${value}\n`);
  appendFileSync(out, `${name}<<__PLUVO_CREDENTIAL__\n${value}\n__PLUVO_CREDENTIAL__\n`);
}
process.stdout.write(`ci-credentials: exported ${names.length} credential variable(s) for ${targets.length} target(s).\n`);
