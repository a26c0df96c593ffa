import { test, expect } from '../contract/base-test';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SANDBOX_URL_VARIABLE } from '../../src/config/load-config';
import { SANDBOX_DEMO_CLIENT } from '../../src/config/sandbox-clients';
import { startSandbox } from '../../sandbox/server';
import type { FaultName } from '../../sandbox/faults';
import { forwardTo } from '../support/forward';
import { runInProcess } from '../support/run-in-process';

/** The token checks that judge what the answer to the run's own token request holds, and one that queries with that token. */
const TOKEN_CHECKS = ['--grep', 'gets a Bearer access token|tokens live 24 hours|come without a refresh_token|the documented first request'];

/** The run's own token request: the demo client, its own secret, a client-credentials grant. */
function isTheRunsOwn(form: URLSearchParams): boolean {
  return (
    form.get('grant_type') === 'client_credentials' &&
    form.get('client_id') === SANDBOX_DEMO_CLIENT.clientId &&
    form.get('client_secret') === SANDBOX_DEMO_CLIENT.clientSecret
  );
}

/** A sandbox behind a front that counts the token requests of the run's own client, each by the scopes it asked for. */
async function countingSandbox(faults: FaultName[] = []) {
  const sandbox = await startSandbox({ port: 0, faults: new Set(faults) });
  const asked: string[] = [];
  const front = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      if (req.url === '/oauth/token/') {
        const form = new URLSearchParams(body.toString('utf8'));
        if (isTheRunsOwn(form)) asked.push(form.get('scope') ?? '');
      }
      forwardTo(sandbox.url, req, res, body);
    });
  });
  await new Promise<void>((listening) => front.listen(0, '127.0.0.1', listening));
  return {
    url: `http://127.0.0.1:${(front.address() as AddressInfo).port}`,
    asked,
    close: async () => {
      front.closeAllConnections();
      await new Promise<void>((closed) => front.close(() => closed()));
      await sandbox.close();
    },
  };
}

test.describe('a run asks for its own token once', () => {
  test("the preflight's answer is the token the checks query with and the answer the token checks judge", async () => {
    const target = await countingSandbox();
    try {
      const run = await runInProcess({ [SANDBOX_URL_VARIABLE]: target.url }, undefined, TOKEN_CHECKS);
      expect(run.status, run.output).toBe(0);
      expect(run.passed).toBe(4);
      // Once, for the scopes the run asks for: not again for the checks' queries, nor once for each token check.
      expect(target.asked).toEqual(['users.read trainings.read groups.read events.read']);
    } finally {
      await target.close();
    }
  });

  test('a broken answer is judged where it fails, and tried again with a request of its own', async () => {
    // expires_in 3600: the lifetime check fails on the preflight's answer, and tried again (a fresh
    // look, never the answer already judged) it asks once more, and finds the same.
    const target = await countingSandbox(['expires-in-changed']);
    try {
      const run = await runInProcess({ [SANDBOX_URL_VARIABLE]: target.url, PLUVO_RETRIES: '1' }, undefined, TOKEN_CHECKS);
      expect(run.status).toBe(1);
      expect(run.failedTitles).toEqual(['tokens live 24 hours (expires_in 86400), as documented']);
      expect(run.output).toContain('expires_in should be 86400 (24 h');
      expect(target.asked).toHaveLength(2);
    } finally {
      await target.close();
    }
  });
});
