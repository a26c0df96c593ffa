/** `tsx scripts/pages-site.ts <reports> <site>`: the folder the hourly workflow publishes to GitHub Pages. */
import { pagesSite } from '../src/report/ci-pages';
import { readCommandLine } from './support/command-line';

const [reports = 'reports', site = 'site'] = readCommandLine({
  name: 'pages-site',
  typed: 'npx tsx scripts/pages-site.ts',
  does: 'For the monitor workflow: the folder published to GitHub Pages, the status page at its root and the merged report under report/.',
  positionals: { shown: '[reports] [site]', max: 2 },
}).positionals;
process.stdout.write(`pages-site: ${pagesSite(reports, site).join(', ') || 'nothing to publish yet'} in ${site}/\n`);
