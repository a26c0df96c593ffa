import type { ConnectionSpec } from '../paging/connections';
import { fetchPage, PAGE_SIZE, type PageFetch } from '../paging/walk';
import { TimeBudget } from '../pluvo/budget';
import type { AuthMode } from '../pluvo/graphql-client';
import { CheckRecorder, DOCS, type CheckContext, type CheckResult, type ContractCheck } from './check';

/** What a paging check body gets: where to record, the token to use, the run's context, its clock. */
export interface PagingRun {
  recorder: CheckRecorder;
  auth: AuthMode;
  context: CheckContext;
  budget: TimeBudget;
}

/** A token with the connection's own scope when the run asks for it; else the check cannot run. */
function authFor(spec: ConnectionSpec, context: CheckContext): AuthMode | string {
  if (!context.config.scopes.includes(spec.scope)) return `${spec.field} needs ${spec.scope}, which ${context.scopesSetIn} does not ask for.`;
  return { kind: 'token', scopes: [spec.scope] };
}

export function pagingCheck(spec: ConnectionSpec, id: string, title: string, body: (run: PagingRun) => Promise<void>): ContractCheck {
  return {
    id: `paging.${id}.${spec.field}`,
    area: 'paging',
    title: `${spec.field}: ${title}`,
    docs: DOCS.pagination,
    async run(context): Promise<CheckResult> {
      const recorder = new CheckRecorder();
      const auth = authFor(spec, context);
      if (typeof auth === 'string') return recorder.result(auth);
      await body({ recorder, auth, context, budget: new TimeBudget(context.config.checkTimeoutMs, context.now) });
      return recorder.result();
    },
  };
}

/**
 * The connection's first page (first: 50, from the start), asked once per run and shared by the
 * checks that read it (its page size, the start of its cursor walk): one request fewer per
 * connection of a client's rate limit. A confirmation's fresh context asks again.
 */
export function firstPage(spec: ConnectionSpec, { context, auth }: PagingRun): Promise<PageFetch> {
  return context.once(`first-page:${spec.field}`, () => fetchPage(context.clients.graphql, spec, auth, { first: PAGE_SIZE }));
}
