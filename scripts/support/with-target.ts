import { startEmbeddedSandbox } from '../../src/embedded/embedded-sandbox';
import type { RunTarget } from '../../src/targets/targets-file';

/**
 * Run a command against a target, or, when it is the embedded sandbox, against a sandbox started
 * for the command and stopped after it.
 */
export async function withTarget<T>(target: RunTarget, run: (target: RunTarget) => Promise<T>): Promise<T> {
  const { config } = target;
  const sandbox = config.target.kind === 'sandbox' && !config.target.root ? await startEmbeddedSandbox() : undefined;
  try {
    return await run(sandbox ? { ...target, config: { ...config, target: { kind: 'sandbox', root: sandbox.url } } } : target);
  } finally {
    await sandbox?.close();
  }
}
