import { config as loadDotenv } from 'dotenv';
import { loadSettings, type RunSettings } from '../config/load-config';
import { registerSecret } from '../security/redact';
import type { TargetIdentity } from './target-identity';
import { namedTargetIdentities, ONLY_TARGETS_VARIABLE, runTargets, targetRoutes, type AlertRoutes, type RunTarget } from './targets-file';

/**
 * The run's configuration as a process sees it: `.env` (never overriding the real environment),
 * then the process environment, parsed once per process. Here, and only here, the secrets it names
 * are registered for redaction: the webhook URL, and each target's client secret, which the
 * configuration itself never does (it is pure, at the bottom of the harness).
 */
let settings: RunSettings | undefined;
let targets: RunTarget[] | undefined;
let identities: Array<{ name: string; identity: TargetIdentity }> | undefined;

function environment(): NodeJS.ProcessEnv {
  loadDotenv({ quiet: true });
  return process.env;
}

/** The settings that do not depend on a target: every process of a run, the merging step too. */
export function runSettings(): RunSettings {
  if (!settings) {
    settings = loadSettings(environment());
    registerSecret(settings.slackWebhookUrl);
    // A heartbeat URL is a credential: whoever has it can say the monitor is alive.
    registerSecret(settings.heartbeatUrl);
    registerSecret(settings.pagerDuty?.routingKey);
    registerSecret(settings.teamsWebhookUrl);
    registerSecret(settings.gitHubIssues?.token, { fragments: true });
    // A collector's headers carry its API key.
    for (const value of Object.values(settings.otel?.headers ?? {})) registerSecret(value, { fragments: true });
    registerSecret(settings.alertWebhook?.url);
    registerSecret(settings.alertWebhook?.secret, { fragments: true });
  }
  return settings;
}

/** The run's targets with their credentials: the processes that talk to Pluvo. */
export function runConfiguration(): { settings: RunSettings; targets: RunTarget[] } {
  const current = runSettings();
  if (!targets) {
    targets = runTargets(process.env, current);
    for (const target of targets) registerSecret(target.config.clientSecret, { fragments: true });
  }
  return { settings: current, targets };
}

/** Forget what was parsed, so the next call reads the environment again (tests that change it only). */
export function forgetRunConfiguration(): void {
  settings = undefined;
  targets = undefined;
  identities = undefined;
}

/** Each target's alert routes by its key, from the targets file ("alerts"). */
export function alertRoutes(): Map<string, AlertRoutes> {
  return targetRoutes(environment());
}

/**
 * The run's targets without credentials, for alerting (the step that merges shards has none), each
 * with the name its tests go by ('' for the one target of a run without a targets file). Read once
 * a process, as the settings are: the end of a run asks for every target's summary.
 */
export function namedAlertingTargets(): Array<{ name: string; identity: TargetIdentity }> {
  identities ??= namedTargetIdentities(environment());
  return identities;
}

/**
 * The targets a run narrowed to these names would check (every one when none is named), without
 * credentials: the history of a run stopped before its own command had read them.
 */
export function namedRunTargets(only: readonly string[]): TargetIdentity[] {
  // A copy: the monitor asks, and the runs it starts next read .env for themselves (it may change meanwhile).
  const env = { ...process.env };
  loadDotenv({ quiet: true, processEnv: env as Record<string, string> });
  return namedTargetIdentities(only.length ? { ...env, [ONLY_TARGETS_VARIABLE]: only.join(',') } : env).map((target) => target.identity);
}
