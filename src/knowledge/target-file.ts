import { readFileSync } from 'node:fs';
import { writeAtomically } from '../files/write-atomic';
import { ConfigError } from '../config/config-error';
import type { Target } from '../config/load-config';

interface StoredFile<T> {
  $comment?: string;
  targets: Record<string, Record<string, T>>;
}

/**
 * Facts observed per target and kept in a committed JSON file: the baseline of behaviour the
 * docs leave open, the dates deprecations were first seen. Written sorted, so diffs stay readable.
 */
export class TargetFile<T> {
  private constructor(
    private readonly file: StoredFile<T>,
    private readonly path: string | undefined,
    private readonly comment: string,
  ) {}

  /** Read the file; a missing file is empty, an unreadable one is one clear line. */
  static load<T>(path: string, comment: string, howToReset: string): TargetFile<T> {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return new TargetFile<T>({ targets: {} }, path, comment);
      throw new ConfigError(path, `cannot be read (${(error as Error).message})`, 'Check its permissions');
    }
    try {
      const file = JSON.parse(text) as StoredFile<T>;
      if (typeof file.targets !== 'object' || file.targets === null) throw new Error('no "targets" object');
      return new TargetFile<T>(file, path, comment);
    } catch (error) {
      throw new ConfigError(path, `is not valid (${(error as Error).message})`, `Fix the JSON, or delete the file and ${howToReset}`);
    }
  }

  /** A copy that is never written (tests, the fault matrix). */
  static inMemory<T>(targets: Record<string, Record<string, T>> = {}): TargetFile<T> {
    return new TargetFile<T>({ targets: structuredClone(targets) }, undefined, '');
  }

  get(target: string, key: string): T | undefined {
    return this.file.targets[target]?.[key];
  }

  entries(target: string): Record<string, T> {
    return { ...(this.file.targets[target] ?? {}) };
  }

  /** Forget what was kept for a target, so the next observation starts afresh. */
  forget(target: string): void {
    delete this.file.targets[target];
  }

  /** Keep a value, in memory: who pins says so and saves (onboarding), or hands it to the reporter (a run). */
  pin(target: string, key: string, value: T): void {
    (this.file.targets[target] ??= {})[key] = value;
  }

  /** Write the file, sorted, atomically (a copy made in memory has nowhere to go). */
  save(): void {
    if (!this.path) return;
    const targets = Object.fromEntries(
      Object.keys(this.file.targets)
        .sort()
        .map((name) => [name, Object.fromEntries(Object.entries(this.file.targets[name] ?? {}).sort(([a], [b]) => a.localeCompare(b)))]),
    );
    writeAtomically(this.path, `${JSON.stringify({ $comment: this.comment, targets }, null, 2)}\n`);
  }
}

/** The key a target's facts are filed under: its root, or "sandbox" for the embedded one. */
export function targetKey(target: Target): string {
  return target.kind === 'sandbox' ? 'sandbox' : target.root;
}
