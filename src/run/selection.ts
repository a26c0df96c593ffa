import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Which checks the run selected, by Playwright project (one per target): what the runner decided
 * from --grep, --shard, --project and the rest, written before any worker starts, so that a worker
 * can start every check it will be asked for at once instead of one test after another.
 */
const SELECTION_FILE = 'selection.json';

export type Selection = Record<string, string[]>;

export function writeSelection(runDir: string, selection: Selection): void {
  writeFileSync(join(runDir, SELECTION_FILE), JSON.stringify(selection));
}

/** The check ids selected for a project; none known when the runner wrote no selection (a reporter of the user's instead of ours). */
export function selectedChecks(runDir: string, project: string): ReadonlySet<string> | undefined {
  try {
    const selection = JSON.parse(readFileSync(join(runDir, SELECTION_FILE), 'utf8')) as Selection;
    const ids = selection[project];
    return Array.isArray(ids) ? new Set(ids) : undefined;
  } catch {
    return undefined;
  }
}
