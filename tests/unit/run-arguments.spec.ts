import { test, expect } from '@playwright/test';
import { ArgumentError, parseRunArguments } from '../../scripts/support/run-arguments';

const problem = (...argv: string[]) => {
  try {
    parseRunArguments(argv);
    return undefined;
  } catch (error) {
    if (!(error instanceof ArgumentError)) throw error;
    return error.message;
  }
};

test.describe("npm start's command line", () => {
  test('ours, and the Playwright options a monitoring run uses, passed on as given', () => {
    expect(parseRunArguments(['--full', '--grep', '@auth', '-j', '2', '--shard=1/2', '--target', 'acme', '--target', 'globex'])).toEqual({
      full: true,
      help: false,
      targets: ['acme', 'globex'],
      playwright: ['--grep', '@auth', '--workers', '2', '--shard', '1/2'],
      narrowed: true,
      sharded: true,
    });
    expect(parseRunArguments([])).toMatchObject({ full: false, playwright: [], narrowed: false, sharded: false });
    expect(parseRunArguments(['--list', '--grep-invert', 'x'])).toMatchObject({ playwright: ['--list', '--grep-invert', 'x'], narrowed: true });
  });

  test('a mistake is one line with the fix, never Playwright saying "unknown option"', () => {
    expect(problem('--fulll')).toBe('unknown option --fulll (did you mean --full?). See npm start -- --help.');
    expect(problem('--targte', 'acme')).toBe('unknown option --targte (did you mean --target?). See npm start -- --help.');
    expect(problem('--nonsense')).toBe('unknown option --nonsense. See npm start -- --help.');
    expect(problem('--grep')).toBe('--grep takes a value, e.g. --grep @auth. See npm start -- --help.');
    expect(problem('--target')).toBe('--target takes a value, e.g. --target acme. See npm start -- --help.');
    expect(problem('acme')).toMatch(/^unexpected argument "acme": to run some checks, name them with --grep/);
  });

  test('what would undo a monitoring run is refused with its reason', () => {
    expect(problem('--trace', 'on')).toMatch(/^--trace is not for a monitoring run: traces record request headers verbatim, tokens included/);
    expect(problem('--reporter', 'dot')).toMatch(/^--reporter is not for a monitoring run: it would replace the reporters that write the history/);
  });
});
