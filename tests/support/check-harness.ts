import { buildSchema, graphqlSync, printSchema, type GraphQLSchema } from 'graphql';
import { TargetFile } from '../../src/knowledge/target-file';
import { createCheckContext } from '../../src/checks/check-context';
import { loadConfig } from '../../src/config/load-config';
import type { DeprecationLog } from '../../src/knowledge/deprecation-log';
import type { HttpRequest, HttpResponse } from '../../src/http/transport';
import { createPluvoClients } from '../../src/pluvo/pluvo-clients';
import { loadSnapshot } from '../../src/schema/snapshot';
import { SANDBOX_ORG } from '../../src/knowledge/layout';
import type { Pin } from '../../src/knowledge/pins';
import { judgeCheck } from '../../src/outcome/check-outcome';
import { FIXTURE_CHECKS } from './run-checks';
import type { AppOperation } from '../../src/contracts/app-operations';
import { catalogue } from '../../src/checks/catalogue';
import { loadContracts } from '../../src/contracts/manifest';
import { FakeTransport, json } from './fake-transport';

/** Where the hand-made Pluvo lives; nothing is sent anywhere. */
export const ROOT = 'https://acme.pluvo.com';
export const SCOPES = 'users.read trainings.read groups.read events.read';

export type Answer = Partial<HttpResponse>;

/** A Pluvo made by hand, one answer per kind of request; what a test leaves out is a healthy default. */
export interface HandMadePluvo {
  /** POST /oauth/token/ with its form. */
  token?: (form: URLSearchParams) => Answer;
  /** POST /graphql/ with its parsed body and the bearer token it carried. */
  graphql?: (body: { query: string; variables: Record<string, unknown>; operationName?: string }, bearer: string | undefined) => Answer;
  /** Any other URL (the slashless paths). */
  other?: (request: HttpRequest) => Answer;
}

const CLIENT_SECRET = 'client-secret-for-unit-tests';

/** The token endpoint of a healthy Pluvo: a token for the right secret, RFC 6749 refusals otherwise. */
const healthyToken = (form: URLSearchParams): Answer =>
  form.get('client_secret') === CLIENT_SECRET && form.get('grant_type') === 'client_credentials'
    ? json(200, {
        access_token: `token-for-${(form.get('scope') ?? '').replace(/ /g, '+')}-abcdef`,
        token_type: 'Bearer',
        expires_in: 86_400,
        scope: form.get('scope'),
      })
    : form.get('grant_type') !== 'client_credentials'
      ? json(400, { error: 'unsupported_grant_type' })
      : json(401, { error: 'invalid_client' });

export interface CheckOutcome {
  /** The one line for the console, and the report attachments by name. */
  summary: string | undefined;
  attachments: Record<string, string>;
  failures: string[];
  warnings: string[];
  infos: string[];
  skipped: string | undefined;
  /** Why it failed, when not the contract's: the cause the check saw. */
  trouble: string | undefined;
  /** What it observed for the first time, to keep. */
  pins: Pin[];
  requests: HttpRequest[];
}

/** Where a check's virtual clock starts: a fixed day, so that a date a check writes is known in advance. */
const VIRTUAL_START = Date.UTC(2026, 5, 1, 12);

/**
 * Run one contract check, by id, against a hand-made Pluvo: no sandbox, no network. What the
 * check found comes back by severity, with the exact messages, for tests that break one promise
 * at a time. Behaviour the docs leave open is pinned as given (the sandbox's by default).
 */
export async function runOneCheck(
  id: string,
  pluvo: HandMadePluvo,
  options: {
    pinned?: Record<string, string>;
    env?: Record<string, string>;
    deprecations?: DeprecationLog;
    scopesSetIn?: string;
    /** The application's own operations (pluvo-monitor.json "operations"): with them, their check joins the catalogue. */
    appOperations?: readonly AppOperation[];
  } = {},
): Promise<CheckOutcome> {
  const checks = options.appOperations?.length ? catalogue(loadContracts(SANDBOX_ORG.contractsDir), options.appOperations) : FIXTURE_CHECKS;
  const check = checks.find((candidate) => candidate.id === id);
  if (!check) throw new Error(`no check ${id}`);
  const transport = new FakeTransport((request) => {
    const path = new URL(request.url).pathname;
    if (path === '/oauth/token/') return (pluvo.token ?? healthyToken)(new URLSearchParams(request.body ?? ''));
    if (path === '/graphql/') {
      const body = JSON.parse(request.body ?? '{}') as { query: string; variables?: Record<string, unknown>; operationName?: string };
      const bearer = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
      if (!pluvo.graphql) throw new Error(`${id} sent GraphQL, and this test gave no answer for it`);
      return pluvo.graphql(
        { query: body.query, variables: body.variables ?? {}, ...(body.operationName ? { operationName: body.operationName } : {}) },
        bearer,
      );
    }
    if (!pluvo.other) throw new Error(`${id} sent ${request.method} ${request.url}, and this test gave no answer for it`);
    return pluvo.other(request);
  });
  const config = loadConfig({
    PLUVO_BASE_URL: ROOT,
    PLUVO_CLIENT_ID: 'client',
    PLUVO_CLIENT_SECRET: CLIENT_SECRET,
    PLUVO_SCOPES: SCOPES,
    PLUVO_PAGING_SEED: '1',
    ...options.env,
  });
  const baseline = TargetFile.inMemory<string>({
    [ROOT]: options.pinned ?? {
      'scope-refusal': '403',
      ...Object.fromEntries(
        ['paginatedUsers', 'paginatedTrainings', 'paginatedGroups', 'portfolioReport', 'certificates'].map((field) => [`over-limit:${field}`, 'error']),
      ),
    },
  });
  let now = VIRTUAL_START;
  const sleep = async (ms: number) => {
    now += ms;
  };
  const clients = createPluvoClients(config, transport, { sleep });
  const result = await check.run(
    createCheckContext(config, clients, SANDBOX_ORG, {
      files: { baseline, deprecations: options.deprecations ?? TargetFile.inMemory() },
      sleep,
      now: () => now,
      ...(options.scopesSetIn ? { scopesSetIn: options.scopesSetIn } : {}),
      ...(options.appOperations ? { appOperations: options.appOperations } : {}),
    }),
  );
  const judged = judgeCheck(check, result, config);
  const messages = (severity: 'fail' | 'warn' | 'info') => result.findings.filter((finding) => finding.severity === severity).map((finding) => finding.message);
  return {
    summary: result.summary,
    attachments: Object.fromEntries((result.attachments ?? []).map((attachment) => [attachment.name, attachment.body])),
    failures: messages('fail'),
    warnings: messages('warn'),
    infos: messages('info'),
    skipped: result.skipped,
    trouble: judged.cause === 'contract' ? undefined : judged.cause,
    pins: result.pins ?? [],
    requests: transport.requests,
  };
}

/**
 * A page of a connection as Pluvo sends it: `count` nodes in all, this page holding nodes
 * `from` to `to` (exclusive), with ids n1, n2, … and cursors c1, c2, ….
 */
export function connectionPage(count: number, from: number, to: number, overrides: { hasNextPage?: unknown; edges?: number } = {}) {
  const edges = Array.from({ length: overrides.edges ?? to - from }, (_, i) => ({
    cursor: `c${from + i + 1}`,
    node: { id: `n${from + i + 1}`, title: `t${from + i + 1}`, user: { id: 'u' } },
  }));
  return {
    count,
    pageInfo: {
      hasNextPage: 'hasNextPage' in overrides ? overrides.hasNextPage : to < count,
      hasPreviousPage: from > 0,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
    edges,
  };
}

/** The page a paging request asks for, from its variables: first/after, offset or last. */
export function pageAsked(variables: Record<string, unknown>, count: number) {
  const after = typeof variables.after === 'string' ? Number(variables.after.slice(1)) : 0;
  const first = typeof variables.first === 'number' ? variables.first : undefined;
  if (typeof variables.last === 'number') return { from: Math.max(0, count - variables.last), to: count };
  const from = Math.min(count, after + (typeof variables.offset === 'number' ? variables.offset : 0));
  return { from, to: Math.min(count, from + Math.min(first ?? 50, 50)) };
}

/**
 * A Pluvo whose GraphQL endpoint serves one connection of `count` nodes, page by page as asked;
 * `change` breaks a page (or answers something else) for the test at hand.
 */
export function connection(
  field: string,
  count: number,
  change: (page: ReturnType<typeof connectionPage>, variables: Record<string, unknown>) => unknown = (page) => page,
): HandMadePluvo {
  return {
    graphql: ({ variables }) => {
      const { from, to } = pageAsked(variables, count);
      return json(200, { data: { [field]: change(connectionPage(count, from, to), variables) } });
    },
  };
}

/** The variables of each GraphQL request a check sent, in order. */
export function graphqlVariables(requests: readonly HttpRequest[]): Array<Record<string, unknown>> {
  return requests
    .filter((r) => r.url.endsWith('/graphql/'))
    .map((r) => (JSON.parse(r.body ?? '{}') as { variables?: Record<string, unknown> }).variables ?? {});
}

/** A Pluvo whose GraphQL endpoint, introspection included, answers from this schema. */
export function serving(schema: GraphQLSchema): HandMadePluvo {
  return { graphql: ({ query, variables }) => json(200, graphqlSync({ schema, source: query, variableValues: variables })) };
}

/** The stored snapshot with its SDL edited: a live schema that drifted in one known way. */
export function snapshotWith(edit: (sdl: string) => string): GraphQLSchema {
  return buildSchema(edit(printSchema(loadSnapshot(SANDBOX_ORG.snapshotPath))));
}

/** User's own email field in the snapshot's SDL (not another type's), as group 1. */
export const USER_EMAIL = /(\ntype User [^}]*?\n {2}email: String!)/;

/** One edge of UsersPage as Pluvo sends it: user `i`, valid against the stored response schema unless told otherwise. */
export function userEdge(i: number, email = `user.${i}@example.com`) {
  return {
    cursor: `c${i}`,
    node: {
      id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      ref: `user-${i}`,
      name: `User ${i}`,
      email,
      isActive: true,
      roles: ['PARTICIPANT'],
      language: 'NL',
      extraFields: '{}',
    },
  };
}
