import { test, expect } from '../contract/base-test';
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
    // Two letters swapped is one slip, as people type: four-letter options are caught too.
    expect(problem('--grpe', '@auth')).toBe('unknown option --grpe (did you mean --grep?). See npm start -- --help.');
    expect(problem('--lsit')).toBe('unknown option --lsit (did you mean --list?). See npm start -- --help.');
    expect(problem('--nonsense')).toBe('unknown option --nonsense. See npm start -- --help.');
    expect(problem('--grep')).toBe('--grep takes a value, e.g. --grep @auth. See npm start -- --help.');
    expect(problem('--target')).toBe('--target takes a value, e.g. --target acme. See npm start -- --help.');
    expect(problem('acme')).toMatch(/^unexpected argument "acme": to run some checks, name them with --grep/);
  });

  test('a value Playwright would refuse with a stack trace, or take silently as nothing, is one line here', () => {
    for (const shard of ['3/2', '0/2', '1/0', 'a/b', '1-2'])
      expect(problem('--shard', shard)).toBe(
        `--shard takes this machine's part and the number of parts, e.g. --shard 1/2, not "${shard}". See npm start -- --help.`,
      );
    expect(problem('--workers', 'abc')).toBe(
      '--workers takes a number of workers of at least 1, or a share of the cores such as 50%, not "abc". See npm start -- --help.',
    );
    expect(problem('-j', '0')).toMatch(/^--workers takes a number of workers of at least 1/);
    expect(problem('--retries', 'x')).toBe('--retries takes a whole number of at least 0, not "x". See npm start -- --help.');
    expect(problem('--repeat-each', '0')).toBe('--repeat-each takes a whole number of at least 1, not "0". See npm start -- --help.');
    for (const option of ['--max-failures', '--timeout', '--global-timeout'])
      expect(problem(option, '1.5')).toMatch(/takes a whole number of at least 0, not "1.5"/);
    // What is right passes on as it was given.
    expect(parseRunArguments(['--shard=2/2', '-j', '50%', '--retries', '0', '--timeout', '60000']).playwright).toEqual([
      '--shard',
      '2/2',
      '--workers',
      '50%',
      '--retries',
      '0',
      '--timeout',
      '60000',
    ]);
  });

  test('what would undo a monitoring run is refused with its reason', () => {
    expect(problem('--trace', 'on')).toMatch(/^--trace is not for a monitoring run: traces record request headers verbatim, tokens included/);
    expect(problem('--reporter', 'dot')).toMatch(/^--reporter is not for a monitoring run: it would replace the reporters that write the history/);
  });
});
