/** The documented paginated queries: what to select, how to tell nodes apart, what they support. */
export interface ConnectionSpec {
  field: 'paginatedUsers' | 'paginatedTrainings' | 'paginatedGroups' | 'portfolioReport' | 'certificates';
  scope: string;
  /** Selection inside `node { … }`. */
  node: string;
  /** A node's identity; portfolioReport rows have no id of their own. */
  key(node: Record<string, unknown>): string;
  /** Whether the docs list offset for it. */
  offset: boolean;
  /** Whether the docs list last/before for it (paging backwards, so the end can be reached without offset). */
  last?: boolean;
}

const byId = (node: Record<string, unknown>) => String(node.id);

export const CONNECTIONS: ConnectionSpec[] = [
  { field: 'paginatedUsers', scope: 'users.read', node: 'id', key: byId, offset: true },
  { field: 'paginatedTrainings', scope: 'trainings.read', node: 'id', key: byId, offset: true },
  { field: 'paginatedGroups', scope: 'groups.read', node: 'id', key: byId, offset: true },
  {
    field: 'portfolioReport',
    scope: 'trainings.read',
    node: 'title user { id }',
    key: (node) => `${String((node.user as Record<string, unknown> | null)?.id ?? '?')}|${String(node.title)}`,
    offset: true,
  },
  { field: 'certificates', scope: 'trainings.read', node: 'id', key: byId, offset: false, last: true },
];

/** One page query; offset only where the connection supports it, or graphql would reject it. */
export function pageQuery(spec: ConnectionSpec): string {
  const args = ['$first: Int, $after: String', ...(spec.offset ? ['$offset: Int'] : []), ...(spec.last ? ['$last: Int'] : [])].join(', ');
  const pass = ['first: $first, after: $after', ...(spec.offset ? ['offset: $offset'] : []), ...(spec.last ? ['last: $last'] : [])].join(', ');
  return `query Page(${args}) { ${spec.field}(${pass}) { count pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { ${spec.node} } } } }`;
}
