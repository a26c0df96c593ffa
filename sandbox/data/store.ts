import { randomUUID } from 'node:crypto';
import type { SeededData } from './seed';
import type { GroupRecord, OfferEventRecord, OfferRecord, TrainingRecord, UserRecord } from './records';

/**
 * The sandbox's in-memory data with its lookups. Filtered user lists are cached per filter and
 * dropped on any write, so walking 100,000 users page by page does not refilter each page.
 *
 * Users created after seeding are listed first, newest first, as an HR sync's new hires would be
 * on a list sorted by creation: with graphene's offset cursors, a user created during a walk
 * shifts every later page by one, which is what a live organisation does to a monitor.
 */
export class SandboxStore {
  /** Users at or past this index were created while serving. */
  private readonly seededUsers: number;
  private churned = 0;
  private readonly usersById = new Map<string, number>();
  private readonly usersByRef = new Map<string, number>();
  private readonly usersByEmail = new Map<string, number>();
  private readonly filteredUsers = new Map<string, readonly number[]>();
  readonly trainingsById: Map<string, TrainingRecord>;
  readonly groupsById: Map<string, GroupRecord>;
  readonly offersById: Map<string, OfferRecord>;
  readonly offerEventsById: Map<string, OfferEventRecord>;

  constructor(readonly data: SeededData) {
    this.seededUsers = data.users.length;
    data.users.forEach((user, index) => this.indexUser(user, index));
    this.trainingsById = byId(data.trainings);
    this.groupsById = byId(data.groups);
    this.offersById = byId(data.offers);
    this.offerEventsById = byId(data.offerEvents);
  }

  userAt(index: number): UserRecord | undefined {
    return this.data.users[index];
  }

  findUser(selector: { id?: string | null; ref?: string | null; email?: string | null }): UserRecord | null {
    const index =
      (selector.id != null ? this.usersById.get(selector.id) : undefined) ??
      (selector.ref != null ? this.usersByRef.get(selector.ref) : undefined) ??
      (selector.email != null ? this.usersByEmail.get(selector.email.toLowerCase()) : undefined);
    return index === undefined ? null : (this.data.users[index] ?? null);
  }

  /** Indexes of users matching the filters, newest created first, then in seed order; shared, never copied per request. */
  userIndexes(filter: { archived?: boolean | null; q?: string | null }): readonly number[] {
    const key = `${filter.archived ?? '*'}|${filter.q?.toLowerCase() ?? ''}`;
    let indexes = this.filteredUsers.get(key);
    if (!indexes) {
      const q = filter.q?.toLowerCase();
      const matches: number[] = [];
      const consider = (index: number) => {
        const user = this.data.users[index]!;
        if (filter.archived != null && user.archived !== filter.archived) return;
        if (q && !`${user.name ?? ''} ${user.email} ${user.ref ?? ''}`.toLowerCase().includes(q)) return;
        matches.push(index);
      };
      for (let index = this.data.users.length - 1; index >= this.seededUsers; index--) consider(index);
      for (let index = 0; index < this.seededUsers; index++) consider(index);
      indexes = matches;
      // Only the unfiltered and archived-filtered lists are worth keeping; searches vary too much.
      if (!q) this.filteredUsers.set(key, indexes);
    }
    return indexes;
  }

  findByIdOrRef<T extends { id: string; ref: string | null }>(
    items: readonly T[],
    map: Map<string, T>,
    selector: { id?: string | null; ref?: string | null },
  ): T | null {
    if (selector.id != null) return map.get(selector.id) ?? null;
    if (selector.ref != null) return items.find((item) => item.ref === selector.ref) ?? null;
    return null;
  }

  createUser(fields: Partial<UserRecord> & { name: string; email: string }): UserRecord {
    const id = randomUUID();
    const user: UserRecord = {
      id,
      ref: fields.ref ?? randomUUID(),
      name: fields.name,
      email: fields.email,
      isActive: fields.isActive ?? !(fields.archived ?? false),
      archived: fields.archived ?? fields.isActive === false,
      roles: fields.roles ?? ['PARTICIPANT'],
      profileImage: `https://files.pluvo.co/avatars/${id}.png`,
      language: fields.language ?? 'NL',
      extraFields: '{}',
      afasEmployeeId: fields.afasEmployeeId ?? null,
      afasPersonId: fields.afasPersonId ?? null,
    };
    this.data.users.push(user);
    this.indexUser(user, this.data.users.length - 1);
    this.filteredUsers.clear();
    return user;
  }

  updateUser(user: UserRecord, fields: Partial<UserRecord>): UserRecord {
    const index = this.usersById.get(user.id);
    if (index === undefined) throw new Error('unknown user');
    if (user.ref) this.usersByRef.delete(user.ref);
    this.usersByEmail.delete(user.email.toLowerCase());
    for (const [key, value] of Object.entries(fields)) if (value !== undefined && value !== null) (user as unknown as Record<string, unknown>)[key] = value;
    // The two archive switches of the two doc generations stay consistent.
    if (fields.archived != null) user.isActive = !fields.archived;
    else if (fields.isActive != null) user.archived = !fields.isActive;
    this.indexUser(user, index);
    this.filteredUsers.clear();
    return user;
  }

  /**
   * One change of a live organisation: a new hire is created (listed first) and a seeded user is
   * archived, as an HR sync does all day. `pick` chooses among the seeded users.
   */
  churnOnce(pick: (below: number) => number): void {
    this.churned += 1;
    const n = this.churned;
    this.createUser({ name: `New Hire ${n}`, email: `new.hire.${n}@example.com`, ref: `hire-${n}` });
    const leaver = this.data.users[pick(this.seededUsers)];
    if (leaver && !leaver.archived) this.updateUser(leaver, { archived: true });
  }

  private indexUser(user: UserRecord, index: number): void {
    this.usersById.set(user.id, index);
    if (user.ref) this.usersByRef.set(user.ref, index);
    this.usersByEmail.set(user.email.toLowerCase(), index);
  }
}

function byId<T extends { id: string }>(items: readonly T[]): Map<string, T> {
  return new Map(items.map((item) => [item.id, item]));
}
