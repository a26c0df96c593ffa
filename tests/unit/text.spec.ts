import { test, expect } from '../contract/base-test';
import { counted } from '../../src/text/counted';
import { namedFew, organisationsCounted, organisationsNamed } from '../../src/text/named-few';

/** The words every output counts and names things with: one place, so that the console, Slack and the status page say them alike. */
test('counted: one is singular, everything else (none included) plural', () => {
  expect([0, 1, 2, 47].map((count) => counted(count, 'page'))).toEqual(['0 pages', '1 page', '2 pages', '47 pages']);
  expect([1, 48].map(organisationsCounted)).toEqual(['1 organisation', '48 organisations']);
});

test('organisationsNamed: one by its name; several counted, the first named and the rest counted', () => {
  expect(organisationsNamed(['acme'], 3)).toBe('acme');
  expect(organisationsNamed(['acme', 'globex'], 3)).toBe('2 organisations: acme, globex');
  expect(organisationsNamed(['acme', 'globex', 'initech', 'umbrella', 'hooli'], 3)).toBe('5 organisations: acme, globex, initech and 2 more');
  expect(namedFew(['acme', 'globex', 'initech'], 3)).toBe('acme, globex, initech');
});
