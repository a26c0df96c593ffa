import { DEMO_CLIENT } from '../../sandbox/demo-clients';
import type { SandboxOptions } from '../../sandbox/options';
import { startSandbox, type RunningSandbox } from '../../sandbox/server';

export interface Reply {
  status: number;
  headers: Headers;
  text: string;
  json: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** Plain HTTP against a sandbox, with no client logic in between: what curl would see. */
export class SandboxHttp {
  private constructor(readonly sandbox: RunningSandbox) {}

  static async start(options: Partial<SandboxOptions> = {}): Promise<SandboxHttp> {
    return new SandboxHttp(await startSandbox({ port: 0, ...options }));
  }

  close(): Promise<void> {
    return this.sandbox.close();
  }

  async post(path: string, body: string, headers: Record<string, string> = {}): Promise<Reply> {
    const response = await fetch(`${this.sandbox.url}${path}`, { method: 'POST', body, headers, redirect: 'manual' });
    const text = await response.text();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: response.status, headers: response.headers, text, json };
  }

  tokenRequest(form: Record<string, string>): Promise<Reply> {
    return this.post('/oauth/token/', new URLSearchParams(form).toString(), { 'content-type': 'application/x-www-form-urlencoded' });
  }

  async token(scope = 'users.read trainings.read groups.read events.read', client = DEMO_CLIENT): Promise<string> {
    const reply = await this.tokenRequest({ grant_type: 'client_credentials', client_id: client.clientId, client_secret: client.clientSecret, scope });
    if (reply.status !== 200) throw new Error(`token request failed: ${reply.status} ${reply.text}`);
    return reply.json.access_token as string;
  }

  graphql(query: string, token: string | undefined, variables?: Record<string, unknown>): Promise<Reply> {
    return this.post('/graphql/', JSON.stringify({ query, variables }), {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    });
  }

  /** A query with an all-scopes token, expecting data and no errors. */
  async data(query: string, variables?: Record<string, unknown>, scope?: string): Promise<any> {
    // eslint-disable-line @typescript-eslint/no-explicit-any
    const reply = await this.graphql(query, await this.token(scope), variables);
    if (reply.status !== 200 || reply.json?.errors) throw new Error(`query failed: ${reply.status} ${reply.text.slice(0, 500)}`);
    return reply.json.data;
  }
}
