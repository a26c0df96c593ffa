import { mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';

/** The variable playwright.selftest.config.ts sets in the runner (workers inherit it): this run's temporary folder. */
export const SCRATCH_VARIABLE = 'PLUVO_SELFTEST_SCRATCH';

/**
 * Where a test makes its temporary folders: under this self-test run's own folder, which the
 * global teardown removes, so that after `npm test` nothing of ours is left in the system's temp
 * (a second `npm test` beside it has its own). Not TMPDIR: that would also move the transform
 * caches of every run a test spawns (Playwright's, tsx's), which then start cold.
 */
export function scratchDir(): string {
  const root = process.env[SCRATCH_VARIABLE];
  if (!root) return tmpdir();
  mkdirSync(root, { recursive: true });
  return root;
}

/** The global teardown: the run's temporary folder, and everything the tests made in it. */
export default function removeScratch(): void {
  const root = process.env[SCRATCH_VARIABLE];
  if (root) rmSync(root, { recursive: true, force: true });
}
