import { GraphQLError, isObjectType, type GraphQLFieldResolver, type GraphQLSchema } from 'graphql';
import type { SandboxStore } from '../data/store';
import type {
  EnrollmentRecord,
  ExtraCategoryRecord,
  GroupRecord,
  OfferEventDateRecord,
  OfferEventRecord,
  OfferRecord,
  PortfolioItemRecord,
  PortfolioReportRecord,
  TrainingRecord,
  UserRecord,
} from '../data/records';
import { connectionFor, type ConnectionArgs, type PagingBehaviour } from './connection';
import { userMutations } from './user-mutations';

type Args = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
type Resolver<S = any> = (source: S, args: Args) => unknown; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Attach the sandbox's resolvers; every root field left without one answers "not implemented". */
export function attachResolvers(schema: GraphQLSchema, store: SandboxStore, paging: PagingBehaviour): void {
  const { data } = store;
  const { faults } = paging;
  const users = (indexes: readonly number[]) => indexes.map((i) => store.userAt(i)).filter((u): u is UserRecord => !!u);
  const userConnection = (field: string, indexes: readonly number[], args: ConnectionArgs) => {
    const connection = connectionFor(field, indexes.length, (i) => store.userAt(indexes[i]!)!, args, paging);
    return faults.has('count-as-string') ? { ...connection, count: String(connection.count) } : connection;
  };
  const enrollmentsByEvent = groupBy(data.enrollments, (e) => e.offerEventId);
  const categoriesById = new Map(data.extraCategories.map((c) => [c.id, c]));
  const valuesOf = (id: string) => data.extraCategoryValues.get(id) ?? [];
  const byIdOrRef =
    <T extends { id: string; ref: string | null }>(items: readonly T[], map: Map<string, T>) =>
    (_: unknown, args: Args) =>
      store.findByIdOrRef(items, map, args);

  const query: Record<string, Resolver> = {
    user: (_, args) => store.findUser(args),
    users: (_, args) => data.users.filter((u) => args.active == null || u.isActive === args.active),
    paginatedUsers: (_, args) => {
      if (faults.has('graphql-errors-200')) throw new GraphQLError('Internal server error.', { extensions: { code: 'INTERNAL_SERVER_ERROR' } });
      return userConnection('paginatedUsers', store.userIndexes({ archived: args.archived, q: args.q }), args);
    },
    group: byIdOrRef(data.groups, store.groupsById),
    groups: () => data.groups,
    paginatedGroups: (_, args) => {
      const q = (args.q as string | undefined)?.toLowerCase();
      let groups = q ? data.groups.filter((g) => g.name.toLowerCase().includes(q)) : data.groups;
      if (args.sortBy?.field === 'name') {
        const direction = String(args.sortBy.direction ?? 'asc')
          .toLowerCase()
          .startsWith('desc')
          ? -1
          : 1;
        groups = [...groups].sort((a, b) => direction * a.name.localeCompare(b.name));
      }
      return connectionFor('paginatedGroups', groups.length, (i) => groups[i], args, paging);
    },
    training: byIdOrRef(data.trainings, store.trainingsById),
    trainings: (_, args) => {
      const q = (args.query as string | undefined)?.toLowerCase();
      return data.trainings.filter((t) => !q || t.title.toLowerCase().includes(q));
    },
    paginatedTrainings: (_, args) => {
      const q = (args.q as string | undefined)?.toLowerCase();
      const userIndex = args.userId ? data.users.findIndex((u) => u.id === args.userId) : undefined;
      const roles: string[] = args.trainingUserRoles ?? ['PARTICIPANT', 'TRAINER'];
      const trainings = data.trainings.filter(
        (t) =>
          (!q || t.title.toLowerCase().includes(q)) &&
          (args.active == null || t.isActive === args.active) &&
          (args.archived == null || t.archived === args.archived) &&
          (userIndex === undefined ||
            (roles.includes('PARTICIPANT') && t.participantIndexes.includes(userIndex)) ||
            (roles.includes('TRAINER') && t.trainerIndexes.includes(userIndex))),
      );
      return connectionFor('paginatedTrainings', trainings.length, (i) => trainings[i], args, paging);
    },
    offer: byIdOrRef(data.offers, store.offersById),
    offers: () => data.offers.filter((o) => o.isActive),
    offerEvent: byIdOrRef(data.offerEvents, store.offerEventsById),
    enrollment: (_, args) => data.enrollments.find((e) => e.userId === args.userId && e.offerEventId === args.offerEventId) ?? null,
    enrollments: (_, args) => (args.userId ? data.enrollments.filter((e) => e.userId === args.userId) : data.enrollments),
    portfolioItem: (_, args) => data.portfolioItems.find((p) => p.id === args.id) ?? null,
    portfolioItems: (_, args) => data.portfolioItems.filter((p) => !args.userId || store.userAt(p.userIndex)?.id === args.userId),
    portfolioReport: (_, args) => {
      const groupIds: string[] | undefined = args.userGroupIds;
      const types: string[] | undefined = args.relatedObjectTypes;
      const rows = data.portfolioReport.filter(
        (row) => (!groupIds?.length || row.groupIds.some((id) => groupIds.includes(id))) && (!types?.length || types.includes(row.relatedObjectType)),
      );
      return connectionFor('portfolioReport', rows.length, (i) => rows[i], args, paging);
    },
    certificates: (_, args) => {
      // The docs list no offset for certificates; graphql-js already rejects the argument.
      return connectionFor('certificates', data.certificates.length, (i) => data.certificates[i], args, paging);
    },
    extraCategories: (_, args) => data.extraCategories.filter((c) => !args.contentType || c.forModelTypes.includes(args.contentType)),
    extraCategory: (_, args) => categoriesById.get(args.id) ?? null,
  };

  const types: Record<string, Record<string, Resolver>> = {
    Query: query,
    Mutation: userMutations(store),
    User: {
      extraCategoryValues: (user: UserRecord) => valuesOf(user.id),
      primaryEmail: (user: UserRecord) => user.email,
    },
    Group: {
      users: (group: GroupRecord, args) => userConnection('users', group.memberIndexes, args),
      managers: (group: GroupRecord, args) => userConnection('managers', group.managerIndexes, args),
      trainings: (group: GroupRecord) => group.trainingIds.map((id) => store.trainingsById.get(id)).filter(Boolean),
      extraCategoryValues: (group: GroupRecord) => valuesOf(group.id),
      userCount: (group: GroupRecord) => group.memberIndexes.length,
      managerCount: (group: GroupRecord) => group.managerIndexes.length,
      skills: () => [],
    },
    Training: {
      participants: (training: TrainingRecord, args) => userConnection('participants', training.participantIndexes, args),
      trainers: (training: TrainingRecord, args) => userConnection('trainers', training.trainerIndexes, args),
      users: (training: TrainingRecord) => users(training.participantIndexes),
      groups: (training: TrainingRecord) => data.groups.filter((g) => g.trainingIds.includes(training.id)),
      conditions: () => [],
      extraCategoryValues: (training: TrainingRecord) => valuesOf(training.id),
    },
    Offer: {
      offerEvents: (offer: OfferRecord) => offer.offerEventIds.map((id) => store.offerEventsById.get(id)).filter(Boolean),
    },
    OfferEvent: {
      trainers: (event: OfferEventRecord) => users(event.trainerIndexes),
      accessTrainings: (event: OfferEventRecord) => event.accessTrainingIds.map((id) => store.trainingsById.get(id)).filter(Boolean),
      accessCourses: () => [],
      accessExternalContents: () => [],
      accessScorms: () => [],
      accessVideos: () => [],
      enrolledCount: (event: OfferEventRecord) => enrolledIn(event),
      spotsAvailable: (event: OfferEventRecord) => Math.max(0, event.maxSubscriptions - enrolledIn(event)),
      maxParticipants: (event: OfferEventRecord) => event.maxSubscriptions,
    },
    OfferEventDate: {
      start: (date: OfferEventDateRecord) => date.startDate,
      end: (date: OfferEventDateRecord) => date.endDate,
    },
    Enrollment: {
      offerEvent: (enrollment: EnrollmentRecord) => store.offerEventsById.get(enrollment.offerEventId) ?? null,
      user: (enrollment: EnrollmentRecord) => store.findUser({ id: enrollment.userId }),
    },
    PortfolioItem: { user: (item: PortfolioItemRecord) => store.userAt(item.userIndex) },
    PortfolioReportItem: { user: (row: PortfolioReportRecord) => store.userAt(row.userIndex) ?? null },
    ExtraCategory: { choiceOptions: (category: ExtraCategoryRecord) => category.choiceOptions },
  };
  for (const member of ['ExtraCategoryStringValue', 'ExtraCategoryDatetimeValue', 'ExtraCategoryChoiceValue', 'ExtraCategoryBooleanValue']) {
    types[member] = { category: (value: { categoryId: string }) => categoriesById.get(value.categoryId) };
  }

  function enrolledIn(event: OfferEventRecord): number {
    return (enrollmentsByEvent.get(event.id) ?? []).filter((e) => e.status === 'ENROLLED').length;
  }

  for (const [typeName, resolvers] of Object.entries(types)) {
    const type = schema.getType(typeName);
    if (!isObjectType(type)) continue;
    const fields = type.getFields();
    for (const [fieldName, resolve] of Object.entries(resolvers)) {
      const fieldDef = fields[fieldName];
      if (fieldDef) fieldDef.resolve = resolve as GraphQLFieldResolver<unknown, unknown>;
    }
  }
  for (const root of [schema.getQueryType(), schema.getMutationType()]) {
    for (const fieldDef of Object.values(root?.getFields() ?? {})) {
      fieldDef.resolve ??= () => {
        throw new GraphQLError(`${fieldDef.name} is not implemented in the sandbox.`, { extensions: { code: 'NOT_IMPLEMENTED' } });
      };
    }
  }
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) map.set(key(item), [...(map.get(key(item)) ?? []), item]);
  return map;
}
