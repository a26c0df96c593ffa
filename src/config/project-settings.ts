import { existsSync } from 'node:fs';
import { checkAgainstSchema, readJsonFile } from './json-file';

/** A repository's settings for the package, the file `pluvo-monitor init` writes once and the user owns. */
export const SETTINGS_FILE = 'pluvo-monitor.json';

/** What the generated workflows are made from, with every default filled in. */
export interface ProjectSettings {
  /** The folder of the user's own Playwright checks (those that import pluvo-contract-monitor/test); none: no checks of their own. */
  checks?: string;
  /** Globs of the GraphQL files where the application keeps its operations: validated and counted in drift each run, never sent. */
  operations: string[];
  node: number;
  monitor: { schedule: string; targets: string };
  /** Kubernetes manifests, when asked for: the image is the one thing init cannot know. */
  kubernetes?: { image: string; namespace?: string; shards?: number; mergeSchedule?: string; secret?: string };
  schemaChange: { schedule: string; enabled: boolean };
}

export const DEFAULT_SETTINGS: ProjectSettings = {
  operations: [],
  node: 20,
  // Off the top of the hour, which GitHub delays or drops at peak.
  monitor: { schedule: '17 * * * *', targets: 'targets.json' },
  schemaChange: { schedule: '41 5 * * *', enabled: true },
};

/** The settings file as init first writes it: the defaults, said once, for the user to change. */
export function initialSettingsFile(schemaReference: string): string {
  const { node, monitor, schemaChange } = DEFAULT_SETTINGS;
  return `${JSON.stringify({ $schema: schemaReference, checks: 'tests', operations: [], node, monitor, schemaChange: { schedule: schemaChange.schedule } }, null, 2)}\n`;
}

/** The file as written: every key optional, and each section's keys too (an array is taken whole). */
type AsWritten<T> = { [K in keyof T]?: T[K] extends unknown[] ? T[K] : T[K] extends object ? Partial<T[K]> : T[K] };

/** The settings of the repository at `path`: the defaults where the file is silent or absent; a broken file is a ConfigError. */
export function readProjectSettings(path = SETTINGS_FILE): ProjectSettings {
  if (!existsSync(path)) return DEFAULT_SETTINGS;
  const parsed = readJsonFile(path, 'Fix the file, or delete it and run pluvo-monitor init again');
  checkAgainstSchema('pluvo-monitor.schema.json', parsed, path, 'Fix the entry; its $schema says what each key holds (editors complete it)');
  const given = parsed as AsWritten<ProjectSettings>;
  return {
    ...(given.checks ? { checks: given.checks } : {}),
    operations: given.operations ?? DEFAULT_SETTINGS.operations,
    ...(given.kubernetes?.image ? { kubernetes: { ...given.kubernetes, image: given.kubernetes.image } } : {}),
    node: given.node ?? DEFAULT_SETTINGS.node,
    monitor: { ...DEFAULT_SETTINGS.monitor, ...given.monitor },
    schemaChange: { ...DEFAULT_SETTINGS.schemaChange, ...given.schemaChange },
  };
}
