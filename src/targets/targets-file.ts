import { existsSync } from 'node:fs';
import { ConfigError } from '../config/config-error';
import { checkAgainstSchema, readJsonFile } from '../config/json-file';
import { loadSettings, loadTargetConfig, readTarget, type MonitorConfig, type RunSettings, type Target, type Env } from '../config/load-config';
import { knowledgeFor, type Knowledge } from '../knowledge/layout';
import { INCIDENT_KINDS, type IncidentKind } from '../outcome/verdict';
import { targetIdentity, type TargetIdentity } from './target-identity';

/**
 * Many organisations in one run: a targets file lists them by name, each with its org (or base
 * URL) and the NAMES of the environment variables that hold its credentials, never the secrets
 * themselves, so the file can be committed and CI supplies the values from its secret store.
 */
export interface TargetEntry {
  name: string;
  org?: string;
  baseUrl?: string;
  clientIdEnv: string;
  clientSecretEnv: string;
  /** Scopes to request, space-separated; PLUVO_SCOPES (or the default) when absent. */
  scopes?: string;
  /** The folder of this organisation's snapshot, response schemas, pins and dates (default schemas/targets/<name>). */
  schemas?: string;
  /** Which sinks hear of which kind of trouble; absent, every configured sink hears everything. */
  alerts?: AlertRoutes;
}

/** The sinks that tell people, by the names a targets file routes to. */
export const ALERT_SINK_IDS = ['slack', 'teams', 'pagerduty', 'webhook', 'github-issues'] as const;
export type AlertSinkId = (typeof ALERT_SINK_IDS)[number];
/** Per kind of trouble (or "default" for the rest, notices and flaky runs included), the sinks that hear of it. */
export type AlertRoutes = Partial<Record<IncidentKind | 'default', AlertSinkId[]>>;

/** Whether a sink hears of an alert of this kind under these routes (no routes: every sink hears everything). */
export function routedTo(routes: AlertRoutes | undefined, sink: string, incident: IncidentKind | undefined): boolean {
  if (!routes) return true;
  const list = (incident && routes[incident]) ?? routes.default ?? [...ALERT_SINK_IDS];
  return (list as readonly string[]).includes(sink);
}

export const DEFAULT_TARGETS_PATH = 'targets.json';

const NAME = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const VARIABLE = /^[A-Z_][A-Z0-9_]*$/;
const KNOWN_KEYS = new Set(['name', 'org', 'baseUrl', 'clientIdEnv', 'clientSecretEnv', 'scopes', 'schemas', 'alerts']);

/**
 * The targets file to use: PLUVO_TARGETS (`none` for none), or targets.json when it exists, unless
 * PLUVO_ORG or PLUVO_BASE_URL names one organisation: what someone just typed wins over a file
 * that happens to be there (a run of three organisations instead of the one named surprised one).
 */
export function targetsPath(env: Env): string | undefined {
  const named = env.PLUVO_TARGETS?.trim();
  if (named === 'none') return undefined;
  if (named) return named;
  if (oneOrganisationNamed(env)) return undefined;
  return existsSync(DEFAULT_TARGETS_PATH) ? DEFAULT_TARGETS_PATH : undefined;
}

const oneOrganisationNamed = (env: Env) => (env.PLUVO_BASE_URL?.trim() ? 'PLUVO_BASE_URL' : env.PLUVO_ORG?.trim() ? 'PLUVO_ORG' : undefined);

/** When targets.json is there but not used because one organisation is named: the line that says so. */
export function targetsFileSetAside(env: Env): string | undefined {
  const variable = oneOrganisationNamed(env);
  if (env.PLUVO_TARGETS?.trim() || !variable || !existsSync(DEFAULT_TARGETS_PATH)) return undefined;
  return `${DEFAULT_TARGETS_PATH} is not used: ${variable} names the one organisation to check (PLUVO_TARGETS=${DEFAULT_TARGETS_PATH} checks the file's)`;
}

/** Read and check the targets file: anything wrong is one line naming the file, the entry and the fix. */
export function loadTargets(path: string): TargetEntry[] {
  const parsed = readJsonFile(path, 'Fix the file; targets.json.example shows its shape');
  const list = (parsed as { targets?: unknown } | null)?.targets;
  if (!Array.isArray(list) || list.length === 0)
    throw new ConfigError(
      path,
      'has no "targets" list',
      'Give "targets": [ { "name": …, "org": …, "clientIdEnv": …, "clientSecretEnv": … } ] as targets.json.example shows',
    );
  const names = new Set<string>();
  const entries = list.map((raw, index) => {
    const where = `${path} targets[${index}]`;
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
      throw new ConfigError(where, 'is not an object', 'Give each target as { "name": …, "org": …, "clientIdEnv": …, "clientSecretEnv": … }');
    const entry = raw as Record<string, unknown>;
    const unknown = Object.keys(entry).find((key) => !KNOWN_KEYS.has(key));
    if (unknown) {
      const hint = /secret|password|token/i.test(unknown)
        ? 'Never put a secret in this file: name the environment variable that holds it (clientSecretEnv)'
        : `Use only ${[...KNOWN_KEYS].join(', ')}`;
      throw new ConfigError(where, `has an unknown key "${unknown}"`, hint);
    }
    if (typeof entry.name !== 'string' || !NAME.test(entry.name))
      throw new ConfigError(where, 'has no valid "name"', 'Give a short name of lower-case letters, digits and inner hyphens, e.g. "acme"');
    if (names.has(entry.name)) throw new ConfigError(where, `repeats the name ${entry.name}`, 'Give each target its own name');
    names.add(entry.name);
    const hasOrg = typeof entry.org === 'string';
    const hasBaseUrl = typeof entry.baseUrl === 'string';
    if (hasOrg === hasBaseUrl)
      throw new ConfigError(
        where,
        `(${entry.name}) needs exactly one of "org" and "baseUrl"`,
        'Give "org": "acme" for https://acme.pluvo.com, or "baseUrl" for another root',
      );
    for (const key of ['clientIdEnv', 'clientSecretEnv'] as const) {
      if (typeof entry[key] !== 'string' || !VARIABLE.test(entry[key] as string)) {
        throw new ConfigError(
          where,
          `(${entry.name}) has no valid "${key}"`,
          `Name the environment variable that holds it, e.g. "${entry.name.toUpperCase().replace(/-/g, '_')}_${key === 'clientIdEnv' ? 'CLIENT_ID' : 'CLIENT_SECRET'}"`,
        );
      }
    }
    if (entry.scopes !== undefined && typeof entry.scopes !== 'string')
      throw new ConfigError(where, `(${entry.name}) "scopes" is not a string`, 'Give the scopes space-separated, e.g. "users.read trainings.read"');
    if (entry.alerts !== undefined) checkRoutes(entry.alerts, `${where} (${entry.name}) "alerts"`);
    return entry as unknown as TargetEntry;
  });
  // One address twice would be checked twice and kept as one (state and history go by the address),
  // told as one verdict named after either: refused, whichever way it is written.
  const seen = new Map<string, string>();
  entries.forEach((entry, index) => {
    const address = (entry.org ? `https://${entry.org}.pluvo.com` : entry.baseUrl!).replace(/\/+$/, '').toLowerCase();
    const first = seen.get(address);
    if (first)
      throw new ConfigError(`${path} targets[${index}]`, `(${entry.name}) names the same organisation as ${first} (${address})`, 'Keep one entry for it');
    seen.set(address, entry.name);
  });
  // The checks above say the common mistakes in words of their own; the published schema holds the rest.
  checkAgainstSchema('targets.schema.json', parsed, path, 'Fix the entry; json-schemas/targets.schema.json says what each key holds');
  return entries;
}

/** Routes as a person writes them wrong, said in words: an unknown kind of trouble or sink. */
function checkRoutes(routes: unknown, where: string): void {
  const kinds = ['default', ...INCIDENT_KINDS];
  if (typeof routes !== 'object' || routes === null || Array.isArray(routes))
    throw new ConfigError(where, 'is not an object', 'Give e.g. "alerts": { "contract": ["pagerduty", "slack"], "default": ["slack"] }');
  for (const [kind, sinks] of Object.entries(routes)) {
    if (!kinds.includes(kind)) throw new ConfigError(where, `names "${kind}", which is no kind of trouble`, `Use ${kinds.join(', ')}`);
    if (!Array.isArray(sinks) || sinks.some((sink) => !(ALERT_SINK_IDS as readonly unknown[]).includes(sink)))
      throw new ConfigError(where, `"${kind}" is not a list of sinks`, `List some of ${ALERT_SINK_IDS.join(', ')}`);
  }
}

/** Each target's alert routes by its key, for the end of a run; none for a run without a targets file. */
export function targetRoutes(env: Env): Map<string, AlertRoutes> {
  const path = targetsPath(env);
  if (!path) return new Map();
  return new Map(
    narrowed(loadTargets(path), env).flatMap(({ entry }) =>
      entry.alerts ? [[targetIdentity({ target: readTarget(entryEnv(entry, env)) }, entry.name).key, entry.alerts] as const] : [],
    ),
  );
}

/**
 * A target's configuration: the run's settings, with the target, its credentials and scopes
 * from the entry. A missing credential is one line naming the target and the variable.
 */
export function configForTarget(entry: TargetEntry, env: Env, settings: RunSettings = loadSettings(env)): MonitorConfig {
  for (const variable of [entry.clientIdEnv, entry.clientSecretEnv]) {
    if (!env[variable]?.trim())
      throw new ConfigError(
        variable,
        `is not set, but target "${entry.name}" takes its credentials from it`,
        'Set it (in CI, from a repository secret), or remove the target from the targets file',
      );
  }
  try {
    return { ...settings, ...loadTargetConfig(entryEnv(entry, env)) };
  } catch (error) {
    if (error instanceof ConfigError) throw new ConfigError(`target "${entry.name}"`, inEntryTerms(error), 'Fix the entry in the targets file');
    throw error;
  }
}

/** The entry's own field where the message would name the variable it stands in for: "baseUrl" is what the user wrote, not PLUVO_BASE_URL. */
function inEntryTerms(error: ConfigError): string {
  const field = ({ PLUVO_BASE_URL: 'baseUrl', PLUVO_ORG: 'org' } as Record<string, string>)[error.variable];
  return field ? `"${field}" ${error.message.slice(`${error.variable}: `.length)}` : error.message;
}

/** The variables as one entry of the targets file sets them: its org or root, its credentials and scopes. */
function entryEnv(entry: TargetEntry, env: Env): Env {
  return {
    ...env,
    PLUVO_ORG: entry.org ?? '',
    PLUVO_BASE_URL: entry.baseUrl ?? '',
    PLUVO_CLIENT_ID: env[entry.clientIdEnv],
    PLUVO_CLIENT_SECRET: env[entry.clientSecretEnv],
    ...(entry.scopes ? { PLUVO_SCOPES: entry.scopes } : {}),
  };
}

/** One target of a run: its name in the targets file (none for the environment's), configuration, identity and knowledge. */
export interface RunTarget {
  name: string | undefined;
  config: MonitorConfig;
  identity: TargetIdentity;
  knowledge: Knowledge;
  /** Where its credentials and scopes were set, for a message that names the place to fix. */
  setIn: { clientId: string; clientSecret: string; scopes: string; address: string };
}

const fromEnvironment = (env: Env) => ({
  clientId: 'PLUVO_CLIENT_ID',
  clientSecret: 'PLUVO_CLIENT_SECRET',
  scopes: 'PLUVO_SCOPES',
  address: env.PLUVO_BASE_URL?.trim() ? 'PLUVO_BASE_URL' : 'PLUVO_ORG',
});

/**
 * Every target of the run: the targets file's, or the one the environment names. A run against
 * the embedded sandbox reads the self-test's knowledge; the commands that write knowledge
 * (onboarding, pulling a schema, generating response schemas) write the user's, whatever the
 * target: `{ writing: true }`.
 */
export function runTargets(env: Env, settings: RunSettings = loadSettings(env), options: { writing?: boolean } = {}): RunTarget[] {
  const path = targetsPath(env);
  const knowledge = (target: Target, entry?: TargetEntry) => knowledgeFor(options.writing && target.kind === 'sandbox' ? USER_TARGET : target, entry, env);
  if (!path) {
    const config = { ...settings, ...loadTargetConfig(env) };
    return [{ name: undefined, config, identity: targetIdentity(config), knowledge: knowledge(config.target), setIn: fromEnvironment(env) }];
  }
  // A run narrowed to some targets (npm start -- --target acme) needs only their credentials: a
  // job of the hourly workflow holds one organisation's secrets and no other's.
  return narrowed(loadTargets(path), env).flatMap(({ entry, index }) => {
    const config = configForTarget(entry, env, settings);
    const setIn = {
      clientId: entry.clientIdEnv,
      clientSecret: entry.clientSecretEnv,
      scopes: entry.scopes ? `"scopes" of ${path} targets[${index}] (${entry.name})` : 'PLUVO_SCOPES',
      address: `"${entry.baseUrl ? 'baseUrl' : 'org'}" of ${path} targets[${index}] (${entry.name})`,
    };
    return [{ name: entry.name, config, identity: targetIdentity(config, entry.name), knowledge: knowledge(config.target, entry), setIn }];
  });
}

/** The names of the targets file's organisations (none without a targets file): no credentials needed. */
export function targetNames(env: Env): string[] {
  const path = targetsPath(env);
  return path ? loadTargets(path).map((entry) => entry.name) : [];
}

/**
 * A setting: the organisations of the targets file a run checks (comma-separated names; all when
 * unset). `npm start -- --target acme` sets it for its run; a job that holds one organisation's
 * secrets sets it so that only that organisation's credentials are needed.
 */
export const ONLY_TARGETS_VARIABLE = 'PLUVO_ONLY_TARGETS';

/**
 * The targets the monitored suite has tests for, by name ('' for the one target of a run without a
 * targets file), and where their operations are: what every process that loads the suite needs,
 * without credentials.
 */
export function suiteTargets(env: Env): { names: string[]; contractsDir: string } {
  const path = targetsPath(env);
  if (!path) return { names: [''], contractsDir: knowledgeFor(readTarget(env), undefined, env).contractsDir };
  return { names: narrowed(loadTargets(path), env).map(({ entry }) => entry.name), contractsDir: knowledgeFor(USER_TARGET, { name: '' }, env).contractsDir };
}

/**
 * The names of suiteTargets, for the configuration of the suite: a targets file that cannot be
 * read gives the one unnamed target, and the run itself then says in one line what is wrong.
 */
export function suiteTargetNames(env: Env): string[] {
  try {
    return suiteTargets(env).names;
  } catch {
    return [''];
  }
}

/** The entries of the targets the run is narrowed to (all when it is not), with their place in the file. */
function narrowed<T extends { name: string }>(entries: readonly T[], env: Env): Array<{ entry: T; index: number }> {
  const only = env[ONLY_TARGETS_VARIABLE]?.split(',').filter(Boolean);
  return entries.flatMap((entry, index) => (only && !only.includes(entry.name) ? [] : [{ entry, index }]));
}

/** Stands in for the embedded sandbox when the user's knowledge is meant: the same layout as any target of theirs. */
const USER_TARGET: Target = { kind: 'base-url', root: 'http://127.0.0.1' };

/** Each target's knowledge as the user keeps it (narrowed as a run is), without credentials (generating response schemas needs none). */
export function userKnowledge(env: Env): Knowledge[] {
  const path = targetsPath(env);
  if (!path) return [knowledgeFor(USER_TARGET, undefined, env)];
  return narrowed(loadTargets(path), env).map(({ entry }) => knowledgeFor(USER_TARGET, entry, env));
}

/**
 * The run's targets as identities, without their credentials (alerting, which needs none, and the
 * step that merges shards, which has none), each with the name its tests go by: its name in the
 * targets file, or '' for the one target of a run without one.
 */
export function namedTargetIdentities(env: Env): Array<{ name: string; identity: TargetIdentity }> {
  const path = targetsPath(env);
  if (!path) return [{ name: '', identity: targetIdentity({ target: readTarget(env) }) }];
  // Narrowed, as the run is: a run of acme that fails before any check is acme's monitor error, not globex's too.
  return narrowed(loadTargets(path), env).map(({ entry }) => {
    try {
      return { name: entry.name, identity: targetIdentity({ target: readTarget(entryEnv(entry, env)) }, entry.name) };
    } catch (error) {
      if (error instanceof ConfigError) throw new ConfigError(`target "${entry.name}"`, error.message, 'Fix the entry in the targets file');
      throw error;
    }
  });
}
