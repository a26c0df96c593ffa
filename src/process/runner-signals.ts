/**
 * Signals in Playwright's runner process. Playwright stops a run gracefully on SIGINT only (the
 * running checks are marked interrupted, the reporters write the run); a SIGTERM, what a
 * cancelled CI job, systemd or a supervisor sends, would end the runner at once and write no
 * report at all. So the first SIGTERM is handed on as the SIGINT Playwright listens for, and a
 * second one ends the process.
 *
 * Once the tests are done, Playwright stops listening for SIGINT while its reporters write: a
 * Ctrl-C in that second would end the process before the history line and the alert. A listener
 * of ours keeps it, and the reporters finish (the command above ends the runner outright if a
 * stop takes too long).
 */
export function stopGracefullyOnSignals(): void {
  let terms = 0;
  process.on('SIGTERM', () => {
    terms += 1;
    if (terms > 1) process.exit(143);
    process.emit('SIGINT' as never);
  });
  process.on('SIGINT', () => undefined);
}
