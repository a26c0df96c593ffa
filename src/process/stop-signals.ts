import { constants } from 'node:os';

/**
 * The signals that stop a run, wherever they arrive: Ctrl-C (SIGINT), a supervisor, systemd or a
 * cancelled CI job (SIGTERM), a closed terminal (SIGHUP). Every command that stops a run hears
 * these three; a process ended by one of them before it had a handler was stopped, not broken.
 */
export const STOP_SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/** Whether a process that ended by this signal was stopped. */
export const isStopSignal = (signal: NodeJS.Signals | null): signal is NodeJS.Signals => signal !== null && STOP_SIGNALS.includes(signal);

/** How a command stopped by this signal exits, as a shell, cron and systemd read it: 128 plus its number (130, 143, 129). */
export const exitCodeOf = (signal: NodeJS.Signals): number => 128 + constants.signals[signal];

/** A child's end as a shell reads it: its exit code, or 128 plus the signal that ended it; 1 when neither is known. */
export const endOf = (code: number | null, signal: NodeJS.Signals | null): number => code ?? (signal ? exitCodeOf(signal) : 1);
