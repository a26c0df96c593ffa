import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { EMPTY_STATE, type AlertState } from './alert-policy';
import type { RunSummary } from './run-summary';

/** reports/state.json, reports/history.jsonl and reports/slack-message.json. */
export class AlertFiles {
  constructor(private readonly dir: string) {}

  get statePath(): string {
    return join(this.dir, 'state.json');
  }

  get messagePath(): string {
    return join(this.dir, 'slack-message.json');
  }

  /** The last state; a missing or unreadable file starts afresh (the worst case is one repeated alert). */
  readState(): AlertState {
    try {
      return { ...EMPTY_STATE, ...(JSON.parse(readFileSync(this.statePath, 'utf8')) as Partial<AlertState>) };
    } catch {
      return { ...EMPTY_STATE };
    }
  }

  writeState(state: AlertState): void {
    this.write(this.statePath, `${JSON.stringify(state, null, 2)}\n`);
  }

  appendHistory(summary: RunSummary): void {
    mkdirSync(this.dir, { recursive: true });
    const line = { at: summary.at, status: summary.status, passed: summary.passed, failed: summary.failed, skipped: summary.skipped, failing: summary.failures.map((f) => f.checkId) };
    appendFileSync(join(this.dir, 'history.jsonl'), `${JSON.stringify(line)}\n`);
  }

  writeMessage(message: unknown): void {
    this.write(this.messagePath, `${JSON.stringify(message, null, 2)}\n`);
  }

  private write(path: string, text: string): void {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
  }
}
