import { descendantsOf, endOutright } from './process-tree';
import { exitCodeOf } from './stop-signals';

/**
 * How long the runner's workers may take to stop once a run is stopped. A test answers at once (the
 * engine answers every test as interrupted), so a worker still there after this is one that
 * Playwright told to stop before it was ready: that message is lost, and Playwright would wait for
 * it for good (the command above would end everything after 20 s, with no report written).
 */
const WORKERS_STOP_GRACE_MS = 3_000;

/**
 * Signals in Playwright's runner process, where the run's engine is. Playwright stops a run
 * gracefully on SIGINT only (the running tests are marked interrupted, the reporters write the
 * run); a SIGTERM (a cancelled CI job, systemd, a supervisor) or a SIGHUP (a closed terminal)
 * would end the runner at once and write no report at all. So each is handed on as the SIGINT
 * Playwright listens for, after the engine is stopped (every wait cut, every test answered), and
 * a second SIGTERM or SIGHUP ends the process.
 *
 * Once the tests are done, Playwright stops listening for SIGINT while its reporters write: a
 * Ctrl-C in that second would end the process before the history line and the alert. A listener
 * of ours keeps it, and the reporters finish (the command above ends the runner outright if a
 * stop takes too long).
 */
export function stopGracefullyOnSignals(stopEngine: () => void): void {
  let ends = 0;
  let stopping = false;
  const stop = () => {
    stopEngine();
    if (stopping) return;
    stopping = true;
    setTimeout(() => endOutright(descendantsOf(process.pid)), WORKERS_STOP_GRACE_MS).unref();
  };
  for (const signal of ['SIGTERM', 'SIGHUP'] as const)
    process.on(signal, () => {
      ends += 1;
      if (ends > 1) process.exit(exitCodeOf(signal));
      stop();
      process.emit('SIGINT' as never);
    });
  process.on('SIGINT', stop);
}
