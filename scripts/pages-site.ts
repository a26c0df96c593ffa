/** `tsx scripts/pages-site.ts <reports> <site>`: the folder the hourly workflow publishes to GitHub Pages. */
import { pagesSite } from '../src/report/ci-pages';

const [reports = 'reports', site = 'site'] = process.argv.slice(2);
process.stdout.write(`pages-site: ${pagesSite(reports, site).join(', ') || 'nothing to publish yet'} in ${site}/\n`);
