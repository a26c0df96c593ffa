/** For the hourly workflow: the latest run's verdicts as Markdown, for $GITHUB_STEP_SUMMARY. */
import { AlertFiles } from '../src/report/alert-files';
import { jobSummary } from '../src/report/ci-pages';
import { readCommandLine } from './support/command-line';

readCommandLine({
  name: 'job-summary',
  typed: 'npx tsx scripts/job-summary.ts',
  does: "For the monitor workflow: the latest run's verdicts as Markdown, for $GITHUB_STEP_SUMMARY.",
});

const reports = process.env.PLUVO_REPORTS_DIR ?? 'reports';
process.stdout.write(jobSummary(new AlertFiles(reports, () => undefined).readHistory(), process.env.REPORT_URL || undefined));
