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
  { field: 'certificates', scope: 'trainings.read', node: 'id', key: byId, offset: false },
];

/** One page query; offset only where the connection supports it, or graphql would reject it. */
export function pageQuery(spec: ConnectionSpec): string {
  const args = spec.offset ? '$first: Int, $after: String, $offset: Int' : '$first: Int, $after: String';
  const pass = spec.offset ? 'first: $first, after: $after, offset: $offset' : 'first: $first, after: $after';
  return `query Page(${args}) { ${spec.field}(${pass}) { count pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { ${spec.node} } } } }`;
}
