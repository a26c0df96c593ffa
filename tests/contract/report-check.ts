import type { TestInfo } from '@playwright/test';
import { askForReport, type ReportQuestion } from '../../src/engine/channel';
import { WORKER_KEPT } from '../../src/engine/failed-check-reporter';
import { test } from './fixtures';

/**
 * Report one check as a Playwright test: what the engine found (judged, confirmed and redacted
 * there) becomes the test's annotations, attachments, console line, and its skip or failure, with
 * a failure that says what the contract is, what came back and where the docs promise it.
 */
export async function reportCheck(question: ReportQuestion, testInfo: TestInfo): Promise<void> {
  const report = await askForReport(question);
  // The run is being stopped: Playwright ends this test as interrupted; it must not read as failed.
  if (report.end.kind === 'interrupted') await new Promise<never>(() => undefined);
  testInfo.annotations.push(...report.annotations);
  // As testInfo.attach() makes them, without the step it adds for each: a check's exchanges are many.
  for (const attachment of report.attachments)
    testInfo.attachments.push('path' in attachment ? attachment : { ...attachment, body: Buffer.from(attachment.body) });
  if (report.say) process.stdout.write(`${report.say}\n`);
  if (report.end.kind === 'skipped') test.skip(true, report.end.reason);
  if (report.end.kind === 'failed') {
    // The worker carries on (src/engine/failed-check-reporter.ts), unless Playwright would try the test again.
    if (report.end.keepWorker && testInfo.retry >= testInfo.project.retries) {
      testInfo.annotations.push({ type: WORKER_KEPT });
      testInfo.expectedStatus = 'failed';
    }
    const error = new Error(report.end.message);
    // The stack would point the report's code frame at this helper, which tells a reader nothing.
    error.stack = error.message;
    throw error;
  }
}
