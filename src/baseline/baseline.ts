import { readFileSync, writeFileSync } from 'node:fs';
import { ConfigError } from '../config/config-error';
import type { Target } from '../config/load-config';

/**
 * Behaviour the docs leave open, observed once per target and pinned, so a later change is
 * reported: e.g. whether `first: 51` gets an error or a silent cap of 50.
 */
export type Observation = string;

interface BaselineFile {
  $comment?: string;
  targets: Record<string, Record<string, Observation>>;
}

export const BASELINE_PATH = 'schemas/baseline.json';

export class Baseline {
  private constructor(
    private readonly file: BaselineFile,
    private readonly path: string | undefined,
  ) {}

  /** Read the baseline file; a missing file is an empty baseline, an unreadable one an error. */
  static load(path: string = BASELINE_PATH): Baseline {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return new Baseline({ targets: {} }, path);
      throw new ConfigError(path, `cannot be read (${(error as Error).message})`, 'Check its permissions');
    }
    try {
      const file = JSON.parse(text) as BaselineFile;
      if (typeof file.targets !== 'object' || file.targets === null) throw new Error('no "targets" object');
      return new Baseline(file, path);
    } catch (error) {
      throw new ConfigError(path, `is not a valid baseline (${(error as Error).message})`, 'Fix the JSON, or delete the file and run `npm run baseline` to observe and pin again');
    }
  }

  /** An in-memory baseline that is never written (tests, the fault matrix). */
  static inMemory(targets: Record<string, Record<string, Observation>> = {}): Baseline {
    return new Baseline({ targets: structuredClone(targets) }, undefined);
  }

  get(target: string, key: string): Observation | undefined {
    return this.file.targets[target]?.[key];
  }

  /** Forget what was pinned for a target, so the next observation pins afresh. */
  forget(target: string): void {
    delete this.file.targets[target];
  }

  /** Pin an observation and write the file (sorted, so diffs stay readable). */
  pin(target: string, key: string, observation: Observation): void {
    const entries = (this.file.targets[target] ??= {});
    entries[key] = observation;
    if (!this.path) return;
    const targets = Object.fromEntries(
      Object.keys(this.file.targets)
        .sort()
        .map((name) => [name, Object.fromEntries(Object.entries(this.file.targets[name] ?? {}).sort(([a], [b]) => a.localeCompare(b)))]),
    );
    const out: BaselineFile = { $comment: 'Behaviour the Pluvo docs leave open, as observed per target. Review and commit changes; delete an entry to observe it again.', targets };
    writeFileSync(this.path, `${JSON.stringify(out, null, 2)}\n`);
  }
}

/** The key a target's observations are filed under: its root, or "sandbox" for the embedded one. */
export function baselineKey(target: Target): string {
  return target.kind === 'sandbox' ? 'sandbox' : target.root;
}
