/**
 * The sandbox's fault catalogue. Each fault turns one documented behaviour off, or makes one
 * change a real Pluvo release could make, so that every contract check can be shown to fail on
 * the fault that breaks its contract. `benign` faults are changes that must NOT raise an alarm.
 */
export interface FaultDefinition {
  name: string;
  area: 'auth' | 'transport' | 'paging' | 'shape' | 'schema';
  /** One line: what the sandbox does instead of the documented behaviour. */
  description: string;
  /** A change that no check may fail on (false alarms are defects too). */
  benign?: boolean;
  /** The API not answering properly (a proxy, slowness): trouble to report, never a broken contract. */
  outage?: boolean;
}

export const FAULTS = [
  {
    name: 'no-slash-redirect',
    area: 'transport',
    description: 'POST /graphql and /oauth/token without the trailing slash are served instead of answered with 301',
  },
  { name: 'unauthenticated-200', area: 'auth', description: 'a missing, unknown or expired token gets HTTP 200 with a GraphQL error instead of 401' },
  { name: 'expired-tokens-accepted', area: 'auth', description: 'expired tokens keep working' },
  { name: 'scopes-not-enforced', area: 'auth', description: 'a token without the needed scope is served instead of answered with 403' },
  { name: 'scope-refusal-200', area: 'auth', description: 'a missing scope is refused with a GraphQL error in a 200 instead of 403' },
  { name: 'wrong-secret-accepted', area: 'auth', description: 'the token endpoint issues a token for a wrong client secret' },
  { name: 'any-grant-accepted', area: 'auth', description: 'the token endpoint issues a token for any grant_type' },
  { name: 'scope-narrowed', area: 'auth', description: 'the token endpoint silently leaves events.read out of the scopes it grants' },
  { name: 'expires-in-changed', area: 'auth', description: 'tokens report expires_in 3600 instead of the documented 86400' },
  { name: 'refresh-token-issued', area: 'auth', description: 'the token response carries a refresh_token, which the docs say client_credentials never gets' },
  { name: 'tokens-refused-by-graphql', area: 'auth', description: 'the token endpoint issues tokens that POST /graphql/ then refuses with 401' },
  {
    name: 'grant-error-code-wrong',
    area: 'auth',
    description: 'an unsupported grant gets 400 with error "invalid_client_credentials", which is no OAuth 2 error code',
  },
  {
    name: 'token-type-lowercase',
    area: 'auth',
    benign: true,
    description: 'token_type is "bearer" in lower case (RFC 6749: case-insensitive, so no check may fail)',
  },
  { name: 'page-cap-off', area: 'paging', description: 'first over 50 is honoured: a page can hold more than 50 edges' },
  { name: 'page-cap-clamps', area: 'paging', description: 'first over 50 is silently cut to 50 instead of answered with an error' },
  { name: 'page-overfull', area: 'paging', description: 'first: 50 gets 51 edges wherever a 51st node exists' },
  { name: 'has-next-page-as-string', area: 'paging', description: 'pageInfo.hasNextPage is the string "true" or "false" instead of a boolean' },
  { name: 'over-limit-empty', area: 'paging', description: 'first over 50 gets an empty page instead of an error or 50 edges' },
  { name: 'count-as-float', area: 'paging', description: 'count is half a node more than the number of nodes (137.5), though the schema says Int' },
  { name: 'duplicate-node-across-pages', area: 'paging', description: 'each page after the first starts with the last node of the page before' },
  { name: 'wrong-count', area: 'paging', description: 'count is one more than the number of nodes' },
  { name: 'has-next-page-stuck', area: 'paging', description: 'hasNextPage is always true, so a naive walk never ends' },
  { name: 'offset-ignored', area: 'paging', description: 'the offset argument is accepted but ignored' },
  {
    name: 'redirect-to-other-host',
    area: 'transport',
    description: 'POST /graphql and /oauth/token without the trailing slash are redirected to another host',
  },
  { name: 'graphql-errors-200', area: 'transport', description: 'paginatedUsers fails with an internal error inside a 200 response' },
  {
    name: 'certificates-502',
    area: 'transport',
    description: 'every POST /graphql/ that reads certificates gets an HTML 502 page from a proxy, while every other request is answered',
  },
  { name: 'proxy-502', area: 'transport', outage: true, description: 'POST /graphql/ gets an HTML 502 page from a proxy' },
  {
    name: 'flapping-proxy-502',
    area: 'transport',
    outage: true,
    description: 'every other POST /graphql/ (the 1st, 3rd, …) gets an HTML 502 page from a proxy: a check that sends one request fails, then passes on retry',
  },
  { name: 'slow-responses', area: 'transport', outage: true, description: 'every response is delayed by 3 seconds' },
  { name: 'field-removed', area: 'shape', description: 'User.email is gone from the schema and from responses' },
  { name: 'count-as-string', area: 'shape', description: 'UserConnection.count is a String ("137") instead of an Int' },
  { name: 'null-in-non-null', area: 'shape', description: 'User.name turns nullable and no user has one' },
  {
    name: 'described-and-nullable',
    area: 'schema',
    description: 'User.email gains a description and turns nullable in the same release (every user still has one)',
  },
  { name: 'malformed-email', area: 'shape', description: 'every user has an email that is not an email address' },
  { name: 'malformed-uuid', area: 'shape', description: 'user ids are not UUIDs' },
  { name: 'bad-user-on-second-page', area: 'shape', description: 'the first user of the second page (the 51st) has an email that is not an email address' },
  { name: 'certificate-title-removed', area: 'shape', description: 'Certificate.title is gone from the schema and from responses' },
  { name: 'unknown-property', area: 'shape', description: 'user objects with an email carry an extra property that was never selected' },
  { name: 'argument-removed', area: 'schema', description: 'paginatedUsers loses its archived argument' },
  { name: 'enum-value-removed', area: 'schema', description: 'Language loses DE (those users answer EN)' },
  { name: 'deprecated-field-in-use', area: 'schema', description: 'User.email is newly deprecated in favour of a new User.primaryEmail' },
  { name: 'deprecation-without-alternative', area: 'schema', description: 'the deprecation reason of Query.trainings names no replacement' },
  { name: 'field-added', area: 'schema', benign: true, description: 'User gains a new nullable field, pronouns' },
  { name: 'description-changed', area: 'schema', benign: true, description: 'the description of the UUID scalar changes' },
  { name: 'optional-argument-added', area: 'schema', benign: true, description: 'paginatedUsers gains an optional argument, sortBy' },
] as const satisfies readonly FaultDefinition[];

export type FaultName = (typeof FAULTS)[number]['name'];

const NAMES = new Set<string>(FAULTS.map((fault) => fault.name));

export function isFaultName(name: string): name is FaultName {
  return NAMES.has(name);
}

/** Parse "a,b" into fault names; an unknown name is an error that lists the known ones. */
export function parseFaults(list: string | undefined): Set<FaultName> {
  const faults = new Set<FaultName>();
  for (const raw of (list ?? '').split(',')) {
    const name = raw.trim();
    if (!name) continue;
    if (!isFaultName(name)) throw new Error(`unknown fault "${name}"; known faults: ${FAULTS.map((f) => f.name).join(', ')}`);
    faults.add(name);
  }
  return faults;
}

/** The catalogue as aligned lines, for --help and the README. */
export function describeFaults(): string {
  const width = Math.max(...FAULTS.map((fault) => fault.name.length));
  return FAULTS.map((fault) => `  ${fault.name.padEnd(width)}  ${fault.description}${'benign' in fault ? ' [benign]' : ''}`).join('\n');
}
