import { spawn, type ChildProcessWithoutNullStreams, type SpawnOptionsWithoutStdio } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { descendantsOf, stillRunning } from '../../src/process/process-tree';
import { exitCodeOf } from '../../src/process/stop-signals';

/**
 * A command a test starts and watches, as an operator's terminal would: the one way our tests
 * spawn what they run (npm, our scripts, the installed bin, a shell), so that how its output is
 * read, how its end is told and how it is stopped are said once.
 */

/** A process's command line, its arguments joined by spaces as `ps` shows them; '' once it is gone. */
export function commandLineOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ').trimEnd();
  } catch {
    return '';
  }
}

/** Text as a person reads it: Playwright passes FORCE_COLOR on to what its workers start. */
export const plain = (text: string): string => text.replace(/\x1b\[[0-9;]*m/g, '');

/** How long a condition is waited for before the test is told what the command said instead. */
const WAIT_MS = 120_000;
/** A stop may take 30 s (DESIGN.md); the kernel may need a moment more to reap. */
const STOP_MS = 30_000;

export interface Started {
  child: ChildProcessWithoutNullStreams;
  /** What it has written so far, stdout and stderr as they came, without colour codes. */
  output(): string;
  stdout(): string;
  stderr(): string;
  /** How it ended, as a shell says it: its exit code, or 128 plus the number of the signal that ended it. */
  closed: Promise<number | null>;
  /** Resolves when the output matches, with the match; rejects with the output's end if the command ends first. */
  until(pattern: RegExp): Promise<RegExpExecArray>;
  /** Resolves when the condition holds, looked at every `everyMs`; rejects with the output's end if the command ends first. */
  when(condition: () => boolean, everyMs?: number): Promise<void>;
  /**
   * A signal to its whole process group (it must be started `detached`), as Ctrl-C or systemd sends
   * it; resolves with how it ended once every process it had started is gone.
   */
  stop(signal: NodeJS.Signals): Promise<number | null>;
}

export function startCommand(command: string, args: readonly string[], options: SpawnOptionsWithoutStdio = {}): Started {
  const child = spawn(command, args, options);
  let output = '';
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    output += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    output += chunk.toString();
  });
  const closed = new Promise<number | null>((resolve) => child.on('close', (code, signal) => resolve(code ?? (signal ? exitCodeOf(signal) : null))));
  const tail = () => plain(output).slice(-3000);
  const when = (condition: () => boolean, everyMs = 50) =>
    new Promise<void>((resolve, reject) => {
      const giveUpAt = Date.now() + WAIT_MS;
      const look = () => {
        if (condition()) return resolve();
        if (child.exitCode !== null || child.signalCode !== null)
          return reject(new Error(`the command ended (exit ${child.exitCode ?? child.signalCode}) before the moment the test waits for:\n${tail()}`));
        if (Date.now() > giveUpAt) return reject(new Error(`still not there after ${WAIT_MS / 1000} s:\n${tail()}`));
        setTimeout(look, everyMs);
      };
      look();
    });
  return {
    child,
    output: () => plain(output),
    stdout: () => plain(stdout),
    stderr: () => plain(stderr),
    closed,
    async until(pattern) {
      await when(() => pattern.test(plain(output)));
      return pattern.exec(plain(output))!;
    },
    when,
    async stop(signal) {
      const all = [child.pid!, ...descendantsOf(child.pid!)];
      process.kill(-child.pid!, signal);
      const giveUpAt = Date.now() + STOP_MS;
      while (stillRunning(all).length) {
        if (Date.now() > giveUpAt) throw new Error(`still running ${STOP_MS / 1000} s after ${signal}: ${stillRunning(all).join(', ')}\n${tail()}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      return closed;
    },
  };
}

/** A command run to its end: how it ended (as a shell says it) and what it wrote. */
export async function runCommand(
  command: string,
  args: readonly string[],
  options: SpawnOptionsWithoutStdio = {},
): Promise<{ code: number | null; output: string; stdout: string; stderr: string }> {
  const run = startCommand(command, args, options);
  const code = await run.closed;
  return { code, output: run.output(), stdout: run.stdout(), stderr: run.stderr() };
}
