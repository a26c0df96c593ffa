import { closeSync, fstatSync, openSync, readSync, writeSync } from 'node:fs';

/** Set by the runner for its workers: the file in which the run shares the secrets it meets. */
export const RUN_SECRETS_VARIABLE = 'PLUVO_RUN_SECRETS';

/** One secret as it travels between the processes of a run. */
export interface SharedSecret {
  value: string;
  fragments: boolean;
}

/**
 * The secrets of one run, shared by every process in it: Playwright's runner (reporters, Slack),
 * each worker, and each worker it restarts after a failure. A token fetched in one worker is then
 * masked in another whose server echoes it, and in the runner's messages.
 *
 * The file is the runner's (mode 0600, in a 0700 folder of its own, removed when the runner
 * exits); each line is one secret, base64 so that no value can break the framing. Appends of a
 * line are atomic, and readers take only whole lines, so no lock is needed.
 */
export class RunSecrets {
  private readOffset = 0;
  private partial = '';

  constructor(readonly path: string) {}

  share(secret: SharedSecret): void {
    const line = `${secret.fragments ? 'f' : 'v'}${Buffer.from(secret.value, 'utf8').toString('base64')}\n`;
    // Opened per write: a worker shares a handful of secrets a run, and holds no descriptor meanwhile.
    const fd = openSync(this.path, 'a', 0o600);
    try {
      writeSync(fd, line);
    } finally {
      closeSync(fd);
    }
  }

  /** The secrets other processes shared since the last call (a file that is gone yields none). */
  takeNew(): SharedSecret[] {
    let fd: number;
    try {
      fd = openSync(this.path, 'r');
    } catch {
      return [];
    }
    try {
      const size = fstatSync(fd).size;
      if (size <= this.readOffset) return [];
      const buffer = Buffer.alloc(size - this.readOffset);
      const read = readSync(fd, buffer, 0, buffer.length, this.readOffset);
      this.readOffset += read;
      const text = this.partial + buffer.subarray(0, read).toString('latin1');
      const lines = text.split('\n');
      this.partial = lines.pop() ?? '';
      return lines.filter(Boolean).map((line) => ({ fragments: line[0] === 'f', value: Buffer.from(line.slice(1), 'base64').toString('utf8') }));
    } finally {
      closeSync(fd);
    }
  }
}
