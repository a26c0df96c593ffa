/**
 * The scope each root field needs, from the docs' scopes table. Where the docs name no scope
 * (portfolio, certificates, reports, extra categories) the sandbox README states our choice.
 */
export type ScopeRule = string | { anyOf: string[] };

const READ_ANY: ScopeRule = { anyOf: ['users.read', 'trainings.read', 'groups.read', 'events.read'] };

export const QUERY_SCOPES: Record<string, ScopeRule> = {
  user: 'users.read',
  users: 'users.read',
  paginatedUsers: 'users.read',
  group: 'groups.read',
  groups: 'groups.read',
  paginatedGroups: 'groups.read',
  training: 'trainings.read',
  trainings: 'trainings.read',
  paginatedTrainings: 'trainings.read',
  offer: 'events.read',
  offers: 'events.read',
  offerEvent: 'events.read',
  enrollment: 'events.read',
  enrollments: 'events.read',
  portfolioItem: 'trainings.read',
  portfolioItems: 'trainings.read',
  portfolioReport: 'trainings.read',
  certificates: 'trainings.read',
  extraCategories: READ_ANY,
  extraCategory: READ_ANY,
};

export const MUTATION_SCOPES: Record<string, ScopeRule> = {
  createUser: 'users.write',
  updateUser: 'users.write',
  updateOrCreateUser: 'users.write',
  archiveUsers: 'users.write',
  createGroup: 'groups.write',
  updateGroup: 'groups.write',
  deleteGroup: 'groups.write',
  deleteGroups: 'groups.write',
  // Memberships are part of groups.write ("groups and memberships" in the scopes table).
  addUsersToGroup: 'groups.write',
  removeUsersFromGroup: 'groups.write',
  createTraining: 'trainings.write',
  updateTraining: 'trainings.write',
  addUsersToTraining: 'trainings.write',
  removeUsersFromTraining: 'trainings.write',
  createPortfolioItem: 'trainings.write',
  updatePortfolioItem: 'trainings.write',
  deletePortfolioItem: 'trainings.write',
  generateCertificate: 'trainings.write',
  createOffer: 'events.write',
  updateOffer: 'events.write',
  archiveOffers: 'events.write',
  createOfferEvent: 'events.write',
  updateOfferEvent: 'events.write',
  deleteOfferEvent: 'events.write',
  createOfferEventDate: 'events.write',
  archiveOfferEvents: 'events.write',
  enrollUserInOfferEvent: 'events.write',
  unenrollUserFromOfferEvent: 'events.write',
  createOfferEventEnrollments: 'events.write',
  createExtraCategory: 'extra_categories.write',
  updateExtraCategory: 'extra_categories.write',
  archiveExtraCategories: 'extra_categories.write',
  updateExtraCategoryValues: 'extra_categories.write',
};

/** The scope a root field needs; undefined for introspection fields, which need none. */
export function scopeFor(operation: 'query' | 'mutation', field: string): ScopeRule | undefined {
  if (field.startsWith('__')) return undefined;
  return (operation === 'query' ? QUERY_SCOPES : MUTATION_SCOPES)[field];
}

export function satisfies(rule: ScopeRule, granted: ReadonlySet<string>): boolean {
  return typeof rule === 'string' ? granted.has(rule) : rule.anyOf.some((scope) => granted.has(scope));
}

export function describeRule(rule: ScopeRule): string {
  return typeof rule === 'string' ? rule : `one of ${rule.anyOf.join(', ')}`;
}
