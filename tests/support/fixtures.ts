/**
 * The self-test's own organisation: the operations, snapshot, response schemas, pins and
 * deprecation dates of the embedded sandbox, laid out as a user's project holds its own. Our tests
 * and the demo run against the embedded sandbox use these, never the user's contracts/ and schemas/.
 */
export const SANDBOX_ORG = 'tests/fixtures/sandbox-org';
