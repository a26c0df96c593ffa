import { rmSync } from 'node:fs';

/** The self-test run's temporary folder (playwright.selftest.config.ts), removed when the run ends. */
export default function removeScratch(): void {
  const scratch = process.env.PLUVO_SELFTEST_SCRATCH;
  if (scratch) rmSync(scratch, { recursive: true, force: true });
}
