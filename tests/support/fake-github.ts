import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A stand-in for GitHub's issues API on 127.0.0.1: issues kept in memory, every request recorded. */
export async function fakeGitHub() {
  const issues: Array<{ number: number; title: string; body: string; labels: string[]; state: string; comments: string[] }> = [];
  const requests: Array<{ method: string; path: string; authorization: string | undefined }> = [];
  /** Content-creating requests (POST) answered before GitHub's secondary rate limit refuses the rest (403). */
  let creations = Number.POSITIVE_INFINITY;
  const server: Server = createServer((req, res) => {
    let text = '';
    req.on('data', (chunk: Buffer) => (text += chunk.toString()));
    req.on('end', () => {
      requests.push({ method: req.method ?? '', path: req.url ?? '', authorization: req.headers.authorization });
      const body = text ? JSON.parse(text) : {};
      const answer = (status: number, value: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(value));
      const url = new URL(req.url ?? '/', 'http://localhost');
      const match = /^\/repos\/acme-corp\/monitor\/issues(?:\/(\d+)(\/comments)?)?$/.exec(url.pathname);
      if (!match) return answer(404, { message: 'Not Found' });
      if (req.method === 'POST' && creations-- <= 0) return answer(403, { message: 'You have exceeded a secondary rate limit.' });
      const [, number, comments] = match;
      const issue = number ? issues.find((each) => each.number === Number(number)) : undefined;
      if (req.method === 'GET' && !number) {
        // Paged as GitHub pages it: per_page (30 unless given, 100 at most), page, and a Link header to the next.
        const matching = issues.filter((each) => each.state === url.searchParams.get('state') && each.labels.includes(url.searchParams.get('labels') ?? ''));
        const perPage = Math.min(100, Number(url.searchParams.get('per_page') ?? 30));
        const page = Number(url.searchParams.get('page') ?? 1);
        if (matching.length > page * perPage) {
          const next = new URL(url);
          next.searchParams.set('page', String(page + 1));
          res.setHeader('link', `<http://${req.headers.host}${next.pathname}${next.search}>; rel="next"`);
        }
        return answer(200, matching.slice((page - 1) * perPage, page * perPage));
      }
      if (req.method === 'POST' && !number) {
        const created = { number: issues.length + 1, title: body.title, body: body.body, labels: body.labels, state: 'open', comments: [] };
        issues.push(created);
        return answer(201, created);
      }
      if (!issue) return answer(404, { message: 'Not Found' });
      if (req.method === 'POST' && comments) {
        issue.comments.push(body.body);
        return answer(201, { id: issue.comments.length });
      }
      if (req.method === 'PATCH') {
        // Only what the request names changes, as GitHub's update of an issue does.
        for (const field of ['state', 'title', 'body'] as const) if (typeof body[field] === 'string') issue[field] = body[field];
        return answer(200, issue);
      }
      return answer(405, { message: 'Method Not Allowed' });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    issues,
    requests,
    /** Let `count` more issues or comments be created, then refuse as GitHub's secondary rate limit does. */
    limitCreationsTo: (count: number) => (creations = count),
    close: () => {
      server.close();
      server.closeAllConnections();
    },
  };
}
