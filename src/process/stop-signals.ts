/**
 * The signals that stop a run, wherever they arrive: Ctrl-C (SIGINT), a supervisor, systemd or a
 * cancelled CI job (SIGTERM), a closed terminal (SIGHUP). Every command that stops a run hears
 * these three; a process ended by one of them before it had a handler was stopped, not broken.
 */
export const STOP_SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/** Whether a process that ended by this signal was stopped. */
export const isStopSignal = (signal: NodeJS.Signals | null): signal is NodeJS.Signals => signal !== null && STOP_SIGNALS.includes(signal);
