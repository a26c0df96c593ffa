import { GraphQLError } from 'graphql';
import type { SandboxStore } from '../data/store';
import type { UserRecord } from '../data/records';

type Args = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** createUser, updateUser and updateOrCreateUser, in memory, as the docs describe them. */
export function userMutations(store: SandboxStore): Record<string, (source: unknown, args: Args) => unknown> {
  const assertFree = (fields: Partial<UserRecord>, self?: UserRecord) => {
    const byEmail = fields.email ? store.findUser({ email: fields.email }) : null;
    if (byEmail && byEmail !== self) throw new GraphQLError(`A user with email ${fields.email} already exists.`, { extensions: { code: 'CONFLICT' } });
    const byRef = fields.ref ? store.findUser({ ref: fields.ref }) : null;
    if (byRef && byRef !== self) throw new GraphQLError(`A user with ref ${fields.ref} already exists.`, { extensions: { code: 'CONFLICT' } });
  };
  const requireNameAndEmail = (fields: Partial<UserRecord>) => {
    if (!fields.name || !fields.email) throw new GraphQLError('A new user needs a name and an email.', { extensions: { code: 'BAD_USER_INPUT' } });
    return { ...fields, name: fields.name, email: fields.email };
  };
  return {
    createUser: (_, args) => {
      assertFree(args.user);
      return { user: store.createUser(requireNameAndEmail(args.user)) };
    },
    updateUser: (_, args) => {
      const user = store.findUser({ id: args.id, ref: args.ref });
      if (!user) throw new GraphQLError('No user matches the given id or ref.', { extensions: { code: 'NOT_FOUND' } });
      assertFree(args.user, user);
      return { user: store.updateUser(user, args.user) };
    },
    updateOrCreateUser: (_, args) => {
      if (args.ref == null && args.email == null) throw new GraphQLError('Give ref or email to select the user.', { extensions: { code: 'BAD_USER_INPUT' } });
      const existing = store.findUser({ ref: args.ref, email: args.email });
      if (existing) {
        assertFree(args.user, existing);
        return { created: false, user: store.updateUser(existing, args.user) };
      }
      const fields = { ref: args.ref, email: args.email, ...args.user };
      assertFree(fields);
      return { created: true, user: store.createUser(requireNameAndEmail(fields)) };
    },
  };
}
