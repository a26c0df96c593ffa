import { exitOnConfigError } from '../../src/config/config-error';
import { loadConfigFromProcess, type MonitorConfig } from '../../src/config/load-config';
import { startEmbeddedSandbox } from '../../src/embedded/embedded-sandbox';

/**
 * Run a command against the configured target, or, when none is configured, against a sandbox
 * started for the command and stopped after it. Bad configuration is its one line and exit 2.
 */
export async function withTarget<T>(run: (config: MonitorConfig) => Promise<T>, given?: MonitorConfig): Promise<T> {
  const loaded = given ?? exitOnConfigError(loadConfigFromProcess);
  const sandbox = loaded.target.kind === 'sandbox' && !loaded.target.root ? await startEmbeddedSandbox() : undefined;
  try {
    return await run(sandbox ? { ...loaded, target: { kind: 'sandbox', root: sandbox.url } } : loaded);
  } finally {
    await sandbox?.close();
  }
}
